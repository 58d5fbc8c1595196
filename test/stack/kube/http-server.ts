// The HTTP front of the double: bearer-token authentication, discovery, resource routes
// (collection, item, status, scale, log), list pagination, Table output for kubectl, watches.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiError, badRequest, notFound } from './api-errors.js';
import type { Api } from './api.js';
import {
  RESOURCE_TYPES,
  findByPath,
  groupVersion,
  groups,
  qualifiedResource,
  type ResourceType,
} from './resources.js';
import {
  SelectorError,
  matchesFields,
  matchesRequirements,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import { renderTable, wantsTable } from './table.js';
import { isObject, type KubeObject } from './types.js';
import { serveWatch } from './watch.js';

export interface LogOptions {
  container?: string;
  tailLines?: number;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  limitBytes?: number;
  follow?: boolean;
}

/** A followed log (`follow=true`): the output as it comes, until the container stops. */
export interface LogStream {
  stream: NodeJS.ReadableStream;
  stop(): void;
}

export interface HttpServerOptions {
  token: string;
  /** A second token that may only get, list and watch (403 for any write). */
  readOnlyToken?: string;
  logs?: (pod: KubeObject, opts: LogOptions) => Promise<string | LogStream>;
  bookmarkIntervalMs?: number;
  /** Called for every request (method, path, status): a test can count or fail requests. */
  onRequest?: (info: { method: string; path: string; status: number }) => void;
}

const VERSION_INFO = {
  major: '1',
  minor: '32',
  emulationMajor: '1',
  emulationMinor: '32',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '31',
  gitVersion: 'v1.32.4-oasis-double',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const MAX_BODY = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function apiResourceList(group: string, version: string) {
  const resources: unknown[] = [];
  for (const rt of RESOURCE_TYPES.filter((r) => r.group === group && r.version === version)) {
    const verbs = [
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ];
    resources.push({
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs,
      ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories?.length ? { categories: rt.categories } : {}),
      storageVersionHash: Buffer.from(`${group}/${rt.plural}`).toString('base64').slice(0, 11),
    });
    for (const sub of rt.subresources) {
      if (sub === 'status') {
        resources.push({
          name: `${rt.plural}/status`,
          singularName: '',
          namespaced: rt.namespaced,
          kind: rt.kind,
          verbs: ['get', 'patch', 'update'],
        });
      } else if (sub === 'scale') {
        resources.push({
          name: `${rt.plural}/scale`,
          singularName: '',
          namespaced: rt.namespaced,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          verbs: ['get', 'patch', 'update'],
        });
      } else if (sub === 'log') {
        resources.push({
          name: `${rt.plural}/log`,
          singularName: '',
          namespaced: rt.namespaced,
          kind: rt.kind,
          verbs: ['get'],
        });
      }
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

function apiGroup(name: string, versions: string[]) {
  const v = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: v, preferredVersion: v[0] };
}

interface Route {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  sub?: string;
}

function parseRoute(segments: string[]): Route | 'discovery' | undefined {
  let group = '';
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else return undefined;
  if (rest[0] === 'watch') rest = rest.slice(1);
  if (rest.length === 0) return 'discovery';
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !['status', 'finalize'].includes(rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const rt = findByPath(group, version, rest[0]);
  if (!rt) return undefined;
  return { rt, namespace, name: rest[1], sub: rest[2] };
}

export class KubeHttpServer {
  private server?: Server;
  readonly watches = new Set<() => void>();

  constructor(
    private readonly api: Api,
    private readonly opts: HttpServerOptions,
  ) {}

  async listen(tls?: { certPem: string; keyPem: string }): Promise<number> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((err) => this.fail(res, err));
    };
    this.server = tls
      ? createTlsServer({ cert: tls.certPem, key: tls.keyPem }, handler)
      : createServer(handler);
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Cuts every open watch (clients see the stream end and must re-watch). */
  dropWatches(): number {
    const all = [...this.watches];
    for (const close of all) close();
    return all.length;
  }

  async close(): Promise<void> {
    this.dropWatches();
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private send(res: ServerResponse, code: number, body: unknown) {
    if (res.headersSent) {
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(code, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private fail(res: ServerResponse, err: unknown) {
    if (err instanceof SelectorError) err = badRequest(err.message);
    if (err instanceof ApiError) {
      this.send(res, err.code, err.toStatus());
      return;
    }
    console.error('kube double: internal error', err);
    this.send(
      res,
      500,
      new ApiError(
        500,
        'InternalError',
        `Internal error occurred: ${(err as Error).message}`,
      ).toStatus(),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    res.on('finish', () =>
      this.opts.onRequest?.({ method, path: url.pathname, status: res.statusCode }),
    );
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const publicPath = ['/version', '/healthz', '/livez', '/readyz'].includes(url.pathname);
    const readOnly = !!this.opts.readOnlyToken && token === this.opts.readOnlyToken;
    if (!(token === this.opts.token || readOnly || (token === undefined && publicPath))) {
      this.send(res, 401, new ApiError(401, 'Unauthorized', 'Unauthorized').toStatus());
      return;
    }
    const segments = url.pathname.split('/').filter(Boolean);
    const q = url.searchParams;

    if (method === 'GET') {
      if (url.pathname === '/version') return this.send(res, 200, VERSION_INFO);
      if (publicPath) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('ok');
      }
      if (url.pathname === '/openapi/v3') return this.send(res, 200, openApiRoot());
      if (url.pathname.startsWith('/openapi/v3/')) {
        const doc = openApiGroupVersion(url.pathname.slice('/openapi/v3/'.length));
        if (doc) return this.send(res, 200, doc);
      }
      if (url.pathname === '/api') {
        return this.send(res, 200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [
            { clientCIDR: '0.0.0.0/0', serverAddress: req.headers.host ?? '127.0.0.1' },
          ],
        });
      }
      if (url.pathname === '/apis') {
        return this.send(res, 200, {
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: groups().map((g) => apiGroup(g.name, g.versions)),
        });
      }
      if (segments[0] === 'apis' && segments.length === 2) {
        const g = groups().find((x) => x.name === segments[1]);
        if (!g)
          return this.send(
            res,
            404,
            new ApiError(
              404,
              'NotFound',
              'the server could not find the requested resource',
            ).toStatus(),
          );
        return this.send(res, 200, {
          kind: 'APIGroup',
          apiVersion: 'v1',
          ...apiGroup(g.name, g.versions),
        });
      }
    }
    const route = parseRoute(segments);
    if (route === 'discovery' && method === 'GET') {
      const [group, version] =
        segments[0] === 'api' ? ['', segments[1]] : [segments[1], segments[2]];
      const list = apiResourceList(group, version);
      if (list.resources.length === 0) {
        return this.send(
          res,
          404,
          new ApiError(
            404,
            'NotFound',
            'the server could not find the requested resource',
          ).toStatus(),
        );
      }
      return this.send(res, 200, list);
    }
    if (!route || route === 'discovery') {
      return this.send(
        res,
        404,
        new ApiError(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ).toStatus(),
      );
    }
    const { rt, namespace, name, sub } = route;
    if (sub && !(rt.subresources as string[]).includes(sub)) {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const isWatch =
      q.get('watch') === 'true' || q.get('watch') === '1' || segments.includes('watch');
    const verb = (() => {
      switch (method) {
        case 'GET':
          return name ? 'get' : isWatch ? 'watch' : 'list';
        case 'POST':
          return 'create';
        case 'PUT':
          return 'update';
        case 'PATCH':
          return 'patch';
        case 'DELETE':
          return name ? 'delete' : 'deletecollection';
        default:
          return method.toLowerCase();
      }
    })();
    if (readOnly && !['get', 'list', 'watch'].includes(verb)) {
      const who = 'system:serviceaccount:ci:read-only';
      const subject = name ? `${qualifiedResource(rt)} "${name}"` : qualifiedResource(rt);
      const resource = sub ? `${rt.plural}/${sub}` : rt.plural;
      throw new ApiError(
        403,
        'Forbidden',
        `${subject} is forbidden: User "${who}" cannot ${verb} resource "${resource}" in API group "${rt.group}"${
          namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'
        }`,
        { name, group: rt.group || undefined, kind: rt.plural },
      );
    }
    const bodyType = (req.headers['content-type'] ?? '').split(';')[0].trim();
    if (bodyType && !/json|yaml/.test(bodyType)) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
      );
    }
    const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
    const manager = q.get('fieldManager') ?? this.defaultManager(req);
    const dryRun = q.getAll('dryRun').includes('All');
    const force = q.get('force') === 'true';
    const parseJson = (): unknown => {
      if (!body) return undefined;
      try {
        return JSON.parse(body);
      } catch (err) {
        throw badRequest(
          `the body of the request was in an unknown format: ${(err as Error).message}`,
        );
      }
    };

    // Item routes.
    if (name) {
      if (sub === 'log') {
        if (method !== 'GET')
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        const pod = this.api.get(rt, namespace, name);
        if (!this.opts.logs)
          throw badRequest(`container logs are not available (the double runs without a kubelet)`);
        const num = (k: string) => (q.get(k) !== null ? Number(q.get(k)) : undefined);
        const text = await this.opts.logs(pod, {
          container: q.get('container') ?? undefined,
          tailLines: num('tailLines'),
          previous: q.get('previous') === 'true',
          timestamps: q.get('timestamps') === 'true',
          sinceSeconds: num('sinceSeconds'),
          limitBytes: num('limitBytes'),
          follow: q.get('follow') === 'true',
        });
        if (typeof text !== 'string') {
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
          const stop = () => text.stop();
          req.on('close', stop);
          res.on('close', stop);
          text.stream.on('end', () => res.end());
          text.stream.pipe(res, { end: false });
          return;
        }
        res.writeHead(200, {
          'Content-Type': 'text/plain',
          'Content-Length': Buffer.byteLength(text),
        });
        return res.end(text);
      }
      if (sub === 'scale') {
        if (method === 'GET') return this.send(res, 200, this.api.getScale(rt, namespace, name));
        if (method === 'PUT') {
          const scale = parseJson() as KubeObject;
          return this.send(
            res,
            200,
            this.api.updateScale(
              rt,
              namespace,
              name,
              scale?.spec?.replicas,
              { manager },
              scale?.metadata?.resourceVersion,
            ),
          );
        }
        if (method === 'PATCH') {
          const current = this.api.getScale(rt, namespace, name);
          const type = (req.headers['content-type'] ?? '').split(';')[0];
          const { jsonPatch, mergePatch } = await import('./patch.js');
          const parsed =
            type === 'application/apply-patch+yaml'
              ? ((await import('js-yaml')).load(body) as unknown)
              : parseJson();
          const next = (
            type === 'application/json-patch+json'
              ? jsonPatch(current, parsed)
              : mergePatch(current, parsed)
          ) as KubeObject;
          return this.send(
            res,
            200,
            this.api.updateScale(rt, namespace, name, next?.spec?.replicas, { manager }),
          );
        }
      }
      const subresource = sub === 'status' ? 'status' : undefined;
      switch (method) {
        case 'GET':
          if (wantsTable(req.headers.accept))
            return this.send(
              res,
              200,
              renderTable(
                rt,
                [this.api.get(rt, namespace, name)],
                String(this.api.store.currentRv()),
                false,
              ),
            );
          return this.send(res, 200, this.api.get(rt, namespace, name));
        case 'PUT':
          return this.send(
            res,
            200,
            this.api.update(rt, namespace, name, parseJson(), { manager, dryRun, subresource }),
          );
        case 'PATCH': {
          const contentType = req.headers['content-type'] ?? '';
          const isApply = contentType.startsWith('application/apply-patch+yaml');
          const existed = this.api.exists(rt, namespace, name);
          const out = this.api.patch(rt, namespace, name, contentType, body, {
            manager: isApply ? (q.get('fieldManager') ?? undefined) : manager,
            force,
            dryRun,
            subresource,
          });
          return this.send(res, existed ? 200 : 201, out);
        }
        case 'DELETE': {
          const opts = (parseJson() ?? {}) as Record<string, unknown>;
          const grace = q.get('gracePeriodSeconds') ?? opts.gracePeriodSeconds;
          const result = this.api.delete(rt, namespace, name, {
            propagationPolicy: (q.get('propagationPolicy') ?? opts.propagationPolicy) as never,
            gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
            preconditions: isObject(opts.preconditions) ? (opts.preconditions as never) : undefined,
            dryRun: dryRun || (Array.isArray(opts.dryRun) && opts.dryRun.includes('All')),
          });
          if (result.finished && rt.kind !== 'Pod') {
            return this.send(res, 200, {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Success',
              details: {
                name,
                group: rt.group || undefined,
                kind: rt.plural,
                uid: result.object.metadata.uid,
              },
            });
          }
          return this.send(res, result.finished ? 200 : 202, result.object);
        }
        default:
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
      }
    }

    // Collection routes.
    const labelReqs = parseLabelSelector(q.get('labelSelector'));
    const fieldReqs = parseFieldSelector(q.get('fieldSelector'), rt.kind);
    const matches = (o: KubeObject) =>
      matchesRequirements(o.metadata.labels, labelReqs) && matchesFields(o, fieldReqs);
    if (method === 'GET' && isWatch) {
      return serveWatch(
        req,
        res,
        this.api.store,
        rt,
        namespace,
        matches,
        {
          resourceVersion: q.get('resourceVersion') ?? undefined,
          allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
          sendInitialEvents: q.get('sendInitialEvents') === 'true',
          timeoutSeconds: q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined,
        },
        { bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 5000, registry: this.watches },
      );
    }
    if (method === 'GET') {
      const rv = String(this.api.store.currentRv());
      let items = this.api.store.list(rt, namespace).filter(matches);
      const limit = q.get('limit') ? Number(q.get('limit')) : 0;
      const start = q.get('continue')
        ? Number(Buffer.from(q.get('continue')!, 'base64url').toString())
        : 0;
      let cont: string | undefined;
      let remaining: number | undefined;
      if (start) items = items.slice(start);
      if (limit > 0 && items.length > limit) {
        remaining = items.length - limit;
        items = items.slice(0, limit);
        cont = Buffer.from(String(start + limit)).toString('base64url');
      }
      if (wantsTable(req.headers.accept)) {
        return this.send(res, 200, renderTable(rt, items, rv, true, cont));
      }
      for (const i of items) {
        delete i.apiVersion;
        delete i.kind;
      }
      return this.send(res, 200, {
        kind: rt.listKind,
        apiVersion: groupVersion(rt),
        metadata: {
          resourceVersion: rv,
          ...(cont ? { continue: cont, remainingItemCount: remaining } : {}),
        },
        items,
      });
    }
    if (method === 'POST') {
      const out = this.api.create(rt, namespace, parseJson(), { manager, dryRun });
      return this.send(res, 201, out);
    }
    if (method === 'DELETE') {
      const deleted: KubeObject[] = [];
      for (const o of this.api.store.list(rt, namespace).filter(matches)) {
        try {
          deleted.push(this.api.delete(rt, o.metadata.namespace, o.metadata.name!).object);
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
      return this.send(res, 200, {
        kind: rt.listKind,
        apiVersion: groupVersion(rt),
        metadata: { resourceVersion: String(this.api.store.currentRv()) },
        items: deleted,
      });
    }
    throw notFound(rt, '');
  }

  /** The manager a non-apply write is recorded under without ?fieldManager: the user agent. */
  private defaultManager(req: IncomingMessage): string {
    const ua = req.headers['user-agent'] ?? 'unknown';
    return ua.split('/')[0] || 'unknown';
  }
}
