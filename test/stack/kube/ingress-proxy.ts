// An ingress-nginx stand-in: one HTTP port for the whole double that routes each request by
// Host and path to an Ingress backend Service (through that Service's own proxy), honouring the
// ingress-nginx canary annotations: canary "true" with canary-weight (of canary-weight-total,
// default 100, chosen at random per request as nginx does) and canary-by-header. Its URL is
// `ingressUrl` on the double and the annotation oasis.dev/local-url on every Ingress.
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Api } from './api.js';
import { byKind } from './resources.js';
import { LOCAL_URL_ANNOTATION } from './service-proxy.js';
import type { KubeObject } from './types.js';

const ING = byKind('Ingress');
const CANARY = 'nginx.ingress.kubernetes.io/canary';
const WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';
const WEIGHT_TOTAL = 'nginx.ingress.kubernetes.io/canary-weight-total';
const BY_HEADER = 'nginx.ingress.kubernetes.io/canary-by-header';
const BY_HEADER_VALUE = 'nginx.ingress.kubernetes.io/canary-by-header-value';

interface Route {
  ingress: KubeObject;
  host?: string;
  path: string;
  pathType: string;
  service: string;
  port?: number | string;
}

function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.'))
    return (
      host.endsWith(ruleHost.slice(1)) && host.split('.').length === ruleHost.split('.').length
    );
  return ruleHost === host;
}

function pathMatches(r: Route, path: string): boolean {
  if (r.pathType === 'Exact') return path === r.path;
  if (r.path === '/' || r.path === '') return true;
  const p = r.path.endsWith('/') ? r.path.slice(0, -1) : r.path;
  return path === p || path.startsWith(`${p}/`);
}

export class IngressProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(
    private readonly api: Api,
    private readonly serviceUrl: (ns: string, name: string) => string | undefined,
  ) {
    api.mutators.push((rt, obj) => {
      if (rt === ING && this.url) {
        obj.metadata.annotations = {
          ...(obj.metadata.annotations ?? {}),
          [LOCAL_URL_ANNOTATION]: this.url,
        };
      }
    });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.forward(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private routes(): Route[] {
    const out: Route[] = [];
    for (const ing of this.api.store.list(ING)) {
      if (ing.metadata.deletionTimestamp) continue;
      for (const rule of ing.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          const svc = p.backend?.service;
          if (!svc?.name) continue;
          out.push({
            ingress: ing,
            host: rule.host,
            path: p.path ?? '/',
            pathType: p.pathType ?? 'Prefix',
            service: svc.name,
            port: svc.port?.number ?? svc.port?.name,
          });
        }
      }
      const def = ing.spec?.defaultBackend?.service;
      if (def?.name)
        out.push({
          ingress: ing,
          path: '/',
          pathType: 'Prefix',
          service: def.name,
          port: def.port?.number,
        });
    }
    return out;
  }

  /** The route for a request: the most specific primary match, then maybe its canary. */
  pick(host: string, path: string, headers: IncomingMessage['headers']): Route | undefined {
    const all = this.routes().filter((r) => pathMatches(r, path));
    // Rules for this Host, else rules without a host. A request to the bare address
    // (127.0.0.1:PORT, localhost: no rule can name it) falls back to every rule.
    const named = all.filter((r) => r.host && hostMatches(r.host, host));
    const bare = /^(\d+\.\d+\.\d+\.\d+|localhost|)$/.test(host);
    const hostless = all.filter((r) => !r.host);
    const candidates = named.length ? named : hostless.length ? hostless : bare ? all : [];
    if (candidates.length === 0) return undefined;
    const isCanary = (r: Route) => r.ingress.metadata.annotations?.[CANARY] === 'true';
    const specificity = (r: Route) => (r.host ? 1000 : 0) + r.path.length;
    const primaries = candidates
      .filter((r) => !isCanary(r))
      .sort((a, b) => specificity(b) - specificity(a));
    const primary = primaries[0];
    const canaries = candidates.filter(
      (r) => isCanary(r) && (!primary || (r.host === primary.host && r.path === primary.path)),
    );
    for (const c of canaries) {
      const a = c.ingress.metadata.annotations ?? {};
      const header = a[BY_HEADER];
      if (header) {
        const v = headers[header.toLowerCase()];
        const want = a[BY_HEADER_VALUE];
        if (want ? v === want : v === 'always') return c;
        if (!want && v === 'never') return primary ?? c;
      }
      const weight = Number(a[WEIGHT] ?? 0);
      const total = Number(a[WEIGHT_TOTAL] ?? 100) || 100;
      if (weight > 0 && Math.random() * total < weight) return c;
    }
    return primary ?? canaries[0];
  }

  private forward(req: IncomingMessage, res: ServerResponse) {
    const host =
      (req.headers['x-forwarded-host'] as string | undefined) ??
      (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = (req.url ?? '/').split('?')[0];
    const route = this.pick(host, path, req.headers);
    const target = route && this.serviceUrl(route.ingress.metadata.namespace!, route.service);
    if (!route || !target) {
      res.writeHead(route ? 503 : 404, { 'Content-Type': 'text/html' });
      res.end(
        route
          ? '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n'
          : '<html><body><h1>404 Not Found</h1></body></html>\n',
      );
      return;
    }
    const u = new URL(target);
    const upstream = request(
      {
        host: u.hostname,
        port: u.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          'x-forwarded-host': host,
          'x-ingress-name': route.ingress.metadata.name,
        },
        agent: false,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`ingress: ${err.message}\n`);
      }
    });
    req.pipe(upstream);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
