/**
 * The HTTP port of the checks: one request, the whole (capped) body, and the time it took.
 * Built on node:http/https so a check can trust an extra CA or skip verification per request,
 * with keep-alive agents so repeated attempts do not pay a new connection each time.
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { rootCertificates } from 'node:tls';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM). */
  ca?: string;
  /** Skip TLS verification. */
  insecure?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: string;
  /** Time from sending the request to the last byte of the body. */
  latencyMs: number;
  /** True when the body was longer than the cap and was cut. */
  truncated: boolean;
}

/** A request that got no HTTP response: refused, timed out, TLS failure, DNS... */
export class HttpTransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

export interface HttpRequester {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Release pooled connections. */
  close?(): void;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function createHttpRequester(): HttpRequester {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgents = new Map<string, https.Agent>();
  const httpsAgent = (ca: string | undefined, insecure: boolean) => {
    const key = `${insecure}:${ca ?? ''}`;
    let agent = httpsAgents.get(key);
    if (!agent) {
      agent = new https.Agent({
        keepAlive: true,
        maxSockets: 64,
        // Adding a CA must not drop the public roots.
        ca: ca ? [...rootCertificates, ca] : undefined,
        rejectUnauthorized: !insecure,
      });
      httpsAgents.set(key, agent);
    }
    return agent;
  };

  return {
    request(request) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const url = new URL(request.url);
        const secure = url.protocol === 'https:';
        const started = performance.now();
        const headers: Record<string, string> = { 'user-agent': 'oasis-post-deploy-verify' };
        for (const [name, value] of Object.entries(request.headers)) headers[name] = value;
        if (request.body !== undefined) {
          headers['content-length'] = String(Buffer.byteLength(request.body));
        }
        let settled = false;
        const fail = (message: string, code: string) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', onAbort);
          req.destroy();
          reject(new HttpTransportError(message, code));
        };
        const options = {
          method: request.method,
          headers,
          agent: secure ? httpsAgent(request.ca, request.insecure === true) : httpAgent,
        };
        const req = (secure ? https : http).request(url, options, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let truncated = false;
          res.on('data', (chunk: Buffer) => {
            if (size + chunk.length > MAX_BODY_BYTES) {
              truncated = true;
              chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
              size = MAX_BODY_BYTES;
              return;
            }
            chunks.push(chunk);
            size += chunk.length;
          });
          res.on('error', (error) => fail(error.message, 'ERESPONSE'));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            request.signal?.removeEventListener('abort', onAbort);
            const responseHeaders: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) {
                responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
              }
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: responseHeaders,
              body: Buffer.concat(chunks).toString('utf8'),
              latencyMs: performance.now() - started,
              truncated,
            });
          });
        });
        const timer = setTimeout(
          () => fail(`no response within ${request.timeoutMs}ms`, 'ETIMEDOUT'),
          Math.max(1, request.timeoutMs),
        );
        const onAbort = () => fail('cancelled', 'ABORTED');
        if (request.signal?.aborted) onAbort();
        request.signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', (error: NodeJS.ErrnoException) =>
          fail(describeTransportError(error), error.code ?? 'EREQUEST'),
        );
        if (request.body !== undefined) req.end(request.body);
        else req.end();
      });
    },
    close() {
      httpAgent.destroy();
      for (const agent of httpsAgents.values()) agent.destroy();
    },
  };
}

function describeTransportError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS: ${error.message} (trust the CA with tls.ca-file)`;
    default:
      return error.message || String(error.code);
  }
}
