// One loopback port per Service: an HTTP proxy that round-robins each request over the ready,
// non-terminating pods the Service selector matches (looked up per request, so a selector
// switch or a pod going unready takes effect at once). Its URL is published in the Service
// annotation oasis.dev/local-url.
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
import { matchesSelector } from './selectors.js';
import type { KubeObject } from './types.js';
import { isPodReady } from './workload.js';

const SVC = byKind('Service');
const POD = byKind('Pod');
export const LOCAL_URL_ANNOTATION = 'oasis.dev/local-url';

interface Proxy {
  /** `namespace/name` of the Service it serves (unset while it is a spare). */
  key?: string;
  server: Server;
  url: string;
  next: number;
  sockets: Set<Socket>;
}

function targetPort(svc: KubeObject, pod: KubeObject): number | undefined {
  const port = svc.spec?.ports?.[0];
  const target = port?.targetPort ?? port?.port;
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && /^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  }
  return undefined;
}

export class ServiceProxies {
  private readonly proxies = new Map<string, Proxy>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly spares: Proxy[] = [];
  private refilling?: Promise<void>;
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(private readonly api: Api) {
    api.mutators.push((rt, obj) => {
      if (rt === SVC) this.admit(obj);
    });
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt !== SVC) return;
      const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
      if (e.type === 'DELETED') void this.close(key);
      else void this.ensure(key);
    });
    for (const s of api.store.list(SVC))
      void this.ensure(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  url(ns: string, name: string): string | undefined {
    return this.proxies.get(`${ns}/${name}`)?.url;
  }

  /** The pods a request to the Service may reach now. */
  endpoints(svc: KubeObject): Array<{ pod: KubeObject; ip: string; port: number }> {
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) return [];
    const out: Array<{ pod: KubeObject; ip: string; port: number }> = [];
    for (const pod of this.api.store.list(POD, svc.metadata.namespace)) {
      if (pod.metadata.deletionTimestamp || !isPodReady(pod) || !pod.status?.podIP) continue;
      if (!matchesSelector(pod.metadata.labels, { matchLabels: selector })) continue;
      const port = targetPort(svc, pod);
      if (port) out.push({ pod, ip: pod.status.podIP, port });
    }
    return out;
  }

  private async newProxy(): Promise<Proxy> {
    const proxy: Proxy = { server: createServer(), url: '', next: 0, sockets: new Set() };
    proxy.server.on('request', (req, res) => this.forward(proxy.key ?? '', proxy, req, res));
    proxy.server.on('connection', (s) => {
      proxy.sockets.add(s);
      s.on('close', () => proxy.sockets.delete(s));
    });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Keeps a few listening proxies ready, so a new Service gets its URL in the create response. */
  refill(): Promise<void> {
    this.refilling ??= (async () => {
      while (!this.stopped && this.spares.length < 4) this.spares.push(await this.newProxy());
    })().finally(() => {
      this.refilling = undefined;
    });
    return this.refilling;
  }

  /** Mutating admission for Services: the local URL annotation is there from the first write. */
  admit(obj: KubeObject): void {
    if (this.stopped) return;
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    let proxy = this.proxies.get(key);
    if (!proxy && !this.pending.has(key) && this.spares.length) {
      proxy = this.spares.shift()!;
      proxy.key = key;
      this.proxies.set(key, proxy);
      void this.refill();
    }
    if (proxy) {
      obj.metadata.annotations = {
        ...(obj.metadata.annotations ?? {}),
        [LOCAL_URL_ANNOTATION]: proxy.url,
      };
    }
  }

  private ensure(key: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const existing = this.proxies.get(key);
    if (existing) {
      this.annotate(key, existing.url);
      return Promise.resolve();
    }
    let p = this.pending.get(key);
    if (p) return p;
    p = (async () => {
      const proxy = await this.newProxy();
      proxy.key = key;
      this.proxies.set(key, proxy);
      this.pending.delete(key);
      const [ns, name] = key.split('/');
      if (this.stopped || !this.api.store.get(SVC, ns, name)) {
        await this.close(key);
        return;
      }
      this.annotate(key, proxy.url);
    })();
    this.pending.set(key, p);
    return p;
  }

  private annotate(key: string, url: string) {
    const [ns, name] = key.split('/');
    const svc = this.api.store.get(SVC, ns, name);
    if (!svc) return;
    let changed = false;
    if (svc.metadata.annotations?.[LOCAL_URL_ANNOTATION] !== url) {
      svc.metadata.annotations = {
        ...(svc.metadata.annotations ?? {}),
        [LOCAL_URL_ANNOTATION]: url,
      };
      changed = true;
    }
    // A LoadBalancer Service gets the loopback address, as a cloud load balancer would appear.
    if (svc.spec?.type === 'LoadBalancer' && !svc.status?.loadBalancer?.ingress) {
      svc.status = {
        ...(svc.status ?? {}),
        loadBalancer: { ingress: [{ ip: '127.0.0.1', ipMode: 'VIP' }] },
      };
      changed = true;
    }
    if (changed) this.api.store.update(SVC, svc);
  }

  private forward(key: string, proxy: Proxy, req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const [ns, name] = key.split('/');
      const attempt = (triesLeft: number, tried: Set<string>) => {
        const svc = this.api.store.get(SVC, ns, name);
        const all = svc ? this.endpoints(svc) : [];
        const candidates = all.filter((e) => !tried.has(`${e.ip}:${e.port}`));
        if (candidates.length === 0) {
          if (!res.headersSent) {
            res.writeHead(503, { 'Content-Type': 'text/plain' });
            res.end(`no endpoints available for service "${name}"\n`);
          }
          return;
        }
        const ep = candidates[proxy.next++ % candidates.length];
        const target = `${ep.ip}:${ep.port}`;
        const headers = { ...req.headers, host: target };
        const upstream = request(
          { host: ep.ip, port: ep.port, method: req.method, path: req.url, headers, agent: false },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            up.on('error', () => res.destroy());
          },
        );
        upstream.setTimeout(30_000, () => upstream.destroy(new Error('upstream timeout')));
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          // A connection that never got a response goes to the next endpoint, as a pod that has
          // just stopped listening is about to leave the endpoint list anyway.
          const retriable = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(err.code ?? '');
          if (retriable && triesLeft > 0) {
            tried.add(target);
            attempt(triesLeft - 1, tried);
            return;
          }
          res.writeHead(502, { 'Content-Type': 'text/plain' });
          res.end(`error proxying to ${target}: ${err.message}\n`);
        });
        upstream.end(body);
      };
      attempt(3, new Set());
    });
  }

  private async close(key: string) {
    await this.pending.get(key);
    const proxy = this.proxies.get(key);
    if (!proxy) return;
    this.proxies.delete(key);
    for (const s of proxy.sockets) s.destroy();
    await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await Promise.all([...this.pending.values()]);
    await this.refilling;
    await Promise.all([...this.proxies.keys()].map((k) => this.close(k)));
    for (const spare of this.spares.splice(0)) {
      await new Promise<void>((resolve) => spare.server.close(() => resolve()));
    }
  }
}
