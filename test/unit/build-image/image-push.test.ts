import { classifyPushFailure, pushImage } from '../../../src/build-image/image-push.js';
import type { Clock } from '../../../src/shared/clock.js';
import { UserError } from '../../../src/shared/errors.js';
import type { Exec, ExecResult } from '../../../src/shared/exec.js';

function fakeExec(results: ExecResult[]) {
  const calls: Array<{ command: string; args: readonly string[] }> = [];
  const exec: Exec = {
    run: async (command, args) => {
      calls.push({ command, args });
      return results.shift() ?? { code: 0, stdout: '', stderr: '' };
    },
  };
  return { exec, calls };
}

function fakeClock() {
  const sleeps: number[] = [];
  let now = 0;
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps };
}

const fail = (stderr: string): ExecResult => ({ code: 1, stdout: '', stderr });

describe('classifyPushFailure', () => {
  it.each([
    ['received unexpected HTTP status: 503 Service Unavailable', true, 'registry error (503)'],
    ['received unexpected HTTP status: 502 Bad Gateway', true, 'registry error (502)'],
    ['toomanyrequests: retry-after: 7', true, 'rate limited (429)'],
    ['Put "http://127.0.0.1:5000/v2/x/blobs/uploads/1": EOF', true, 'connection failed (EOF)'],
    [
      'read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer',
      true,
      'connection failed (connection reset)',
    ],
    ['unauthorized: authentication required', false, 'unauthorized: authentication required'],
    [
      'denied: requested access to the resource is denied',
      false,
      'denied: requested access to the resource is denied',
    ],
    [
      'name invalid: repository name not known to registry',
      false,
      'name invalid: repository name not known to registry',
    ],
  ])('%s → retry %s', (output, retryable, reason) => {
    expect(classifyPushFailure(output)).toMatchObject({ retryable, reason });
  });

  it('reads a Retry-After from the output', () => {
    expect(classifyPushFailure('toomanyrequests: Retry-After: 7').afterMs).toBe(7000);
  });
});

describe('pushImage', () => {
  it('retries 503 twice and a 429, honouring the longer Retry-After, then succeeds', async () => {
    const { exec, calls } = fakeExec([
      fail('received unexpected HTTP status: 503 Service Unavailable'),
      fail('received unexpected HTTP status: 503 Service Unavailable'),
      fail('toomanyrequests: too many requests, retry-after: 20'),
    ]);
    const { clock, sleeps } = fakeClock();
    const lines: string[] = [];
    const result = await pushImage(exec, 'docker', 'r/x:1', {
      env: {},
      retries: 4,
      clock,
      random: () => 1,
      baseMs: 1000,
      maxMs: 8000,
      log: (line) => lines.push(line),
    });
    expect(result.attempts).toBe(4);
    expect(calls.map((call) => call.args)).toEqual(Array(4).fill(['push', 'r/x:1']));
    expect(sleeps).toEqual([1000, 2000, 20_000]);
    expect(lines[0]).toBe('push r/x:1: registry error (503); attempt 2/5 in 1.0s');
    expect(lines[2]).toBe('push r/x:1: rate limited (429); attempt 4/5 in 20.0s');
  });

  it('asks the registry for its Retry-After when docker push does not print one', async () => {
    const { exec } = fakeExec([fail('toomanyrequests: slow down')]);
    const { clock, sleeps } = fakeClock();
    let probes = 0;
    await pushImage(exec, 'docker', 'r/x:1', {
      env: {},
      retries: 2,
      clock,
      random: () => 1,
      baseMs: 100,
      retryAfterProbe: async () => {
        probes++;
        return 5000;
      },
    });
    expect(probes).toBe(1);
    expect(sleeps).toEqual([5000]);
  });

  it('caps the backoff and gives up with a clear error after the last attempt', async () => {
    const { exec, calls } = fakeExec(
      Array(4).fill(fail('unexpected HTTP status: 502 Bad Gateway')),
    );
    const { clock, sleeps } = fakeClock();
    const error = await pushImage(exec, 'docker', 'r/x:1', {
      env: {},
      retries: 3,
      clock,
      random: () => 1,
      baseMs: 1000,
      maxMs: 3000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(
      /^docker push r\/x:1 failed after 4 attempts \(registry error \(502\)\)/,
    );
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 3000]);
  });

  it('does not retry an auth failure and says what to check', async () => {
    const { exec, calls } = fakeExec([fail('unauthorized: authentication required')]);
    const { clock } = fakeClock();
    await expect(
      pushImage(exec, 'docker', 'r/x:1', { env: {}, retries: 4, clock }),
    ).rejects.toThrow("the registry refused the credentials; check 'username'/'password'");
    expect(calls).toHaveLength(1);
  });
});
