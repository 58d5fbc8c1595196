import type { Clock } from '../../../src/shared/clock.js';
import {
  HttpTransportError,
  type HttpRequest,
  type HttpRequester,
  type HttpResponse,
} from '../../../src/post-deploy-verify/http-requester.js';

/** Virtual time: sleeping advances it at once. */
export function fakeClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

type Answer = Partial<HttpResponse> | HttpTransportError;

/** A requester answering from a function; records every request. */
export function fakeRequester(answer: (request: HttpRequest, index: number) => Answer) {
  const requests: HttpRequest[] = [];
  const requester: HttpRequester & { requests: HttpRequest[] } = {
    requests,
    async request(request) {
      requests.push(request);
      const result = answer(request, requests.length - 1);
      if (result instanceof HttpTransportError) throw result;
      return { status: 200, headers: {}, body: '', latencyMs: 5, truncated: false, ...result };
    },
  };
  return requester;
}
