import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

export interface Fault {
  /** Answer with this HTTP status instead of forwarding (e.g. 503, 429). */
  status?: number;
  /** Seconds for a Retry-After header on the fault's response. */
  retryAfter?: number;
  /** Close the connection without any response (a dropped connection). */
  drop?: boolean;
  /**
   * Which requests this fault applies to; default: the next request, whatever it is. The headers
   * tell clients apart (e.g. `user-agent`: docker's vs Node's fetch).
   */
  match?: (method: string, path: string, headers: IncomingHttpHeaders) => boolean;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  /** `status 503`, `status 429 retry-after 2`, `drop`; absent when the request was forwarded. */
  fault?: string;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT` (use it as a registry host) */
  host: string;
  /** Queues faults; each is used once, by the first later request it matches, in order. */
  inject(faults: Fault[]): void;
  /** Every request seen, in order, with the fault it got. */
  requests: ProxiedRequest[];
  stop(): Promise<void>;
}

/** The Registry API error code a real registry would send with this status. */
function errorCode(status: number): string {
  if (status === 429) return 'TOOMANYREQUESTS';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 503) return 'UNAVAILABLE';
  return 'UNKNOWN';
}

function describe(fault: Fault): string {
  if (fault.drop) return 'drop';
  const retry = fault.retryAfter !== undefined ? ` retry-after ${fault.retryAfter}` : '';
  return `status ${fault.status ?? 503}${retry}`;
}

/**
 * An HTTP reverse proxy on 127.0.0.1 in front of `target` that can fail chosen requests: N × 503,
 * 429 with Retry-After, dropped connections. Requests without a fault are forwarded unchanged,
 * Host header included, so a registry behind it keeps writing upload URLs that point back at the
 * proxy.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const queue: Fault[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const takeFault = (
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
  ): Fault | undefined => {
    const index = queue.findIndex((fault) => !fault.match || fault.match(method, path, headers));
    return index >= 0 ? queue.splice(index, 1)[0] : undefined;
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.statusMessage, response.rawHeaders);
        response.pipe(res);
      },
    );
    outgoing.on('error', (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`fault proxy: upstream ${target} failed: ${error.message}`);
      } else {
        res.destroy();
      }
    });
    req.pipe(outgoing);
  };

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = takeFault(method, path, req.headers);
    requests.push({ method, path, ...(fault ? { fault: describe(fault) } : {}) });
    if (!fault) return forward(req, res);
    if (fault.drop) {
      req.socket.destroy();
      return;
    }
    // Read (and discard) the body first so the client sees the status, not a reset connection.
    req.resume();
    req.on('end', () => {
      const status = fault.status ?? 503;
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Connection: 'close',
      };
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      res.writeHead(status, headers);
      res.end(
        JSON.stringify({
          errors: [
            { code: errorCode(status), message: `fault proxy: injected ${describe(fault)}` },
          ],
        }),
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}`,
    host,
    requests,
    inject: (faults) => {
      queue.push(...faults);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
