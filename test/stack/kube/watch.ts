// Watch streams: newline-delimited JSON events from a resourceVersion, with bookmarks,
// 410 Gone (as an ERROR event) for a compacted resourceVersion, and selector transitions
// (an object that stops matching is DELETED for that watcher, one that starts matching is ADDED).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { groupVersion, typeKey, type ResourceType } from './resources.js';
import type { Store, StoreEvent } from './store.js';
import type { KubeObject } from './types.js';

export interface WatchParams {
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
}

export interface WatchOptions {
  bookmarkIntervalMs: number;
  /** Every open watch registers here, so stop() (and tests) can cut them. */
  registry: Set<() => void>;
}

export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  store: Store,
  rt: ResourceType,
  namespace: string | undefined,
  matches: (obj: KubeObject) => boolean,
  params: WatchParams,
  opts: WatchOptions,
  transform: (obj: KubeObject) => KubeObject = (o) => o,
): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders?.();
  const write = (type: string, object: unknown) => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const inScope = (e: StoreEvent) =>
    typeKey(e.rt) === typeKey(rt) && (!namespace || e.object.metadata.namespace === namespace);
  const emit = (e: StoreEvent) => {
    if (!inScope(e)) return;
    const now = matches(e.object);
    const before = e.previous ? matches(e.previous) : false;
    if (e.type === 'ADDED') {
      if (now) write('ADDED', transform(e.object));
    } else if (e.type === 'MODIFIED') {
      if (now && before) write('MODIFIED', transform(e.object));
      else if (now) write('ADDED', transform(e.object));
      else if (before) write('DELETED', transform(e.object));
    } else if (e.type === 'DELETED') {
      if (before || now) write('DELETED', transform(e.object));
    }
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: rt.kind,
      apiVersion: groupVersion(rt),
      metadata: {
        resourceVersion: String(store.currentRv()),
        ...(annotations ? { annotations } : {}),
      },
    });

  let cleanup = () => {};
  const close = () => {
    cleanup();
    if (!res.writableEnded) res.end();
  };

  const rv = params.resourceVersion;
  if (rv && rv !== '0' && !params.sendInitialEvents) {
    const n = Number(rv);
    if (!Number.isFinite(n) || n < store.oldestAvailableRv()) {
      write('ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: Number.isFinite(n)
          ? `too old resource version: ${rv} (${store.oldestAvailableRv()})`
          : `invalid resource version "${rv}"`,
        reason: Number.isFinite(n) ? 'Expired' : 'BadRequest',
        code: Number.isFinite(n) ? 410 : 400,
      });
      res.end();
      return;
    }
    for (const e of store.eventsSince(n)) emit(e);
  } else {
    for (const obj of store.list(rt, namespace)) if (matches(obj)) write('ADDED', transform(obj));
    if (params.sendInitialEvents && params.allowWatchBookmarks) {
      bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
  }

  const unsubscribe = store.subscribe(emit);
  const timers: NodeJS.Timeout[] = [];
  if (params.allowWatchBookmarks) {
    timers.push(setInterval(() => bookmark(), opts.bookmarkIntervalMs));
  }
  const timeoutMs = (params.timeoutSeconds ?? 1800) * 1000;
  timers.push(setTimeout(close, timeoutMs));
  cleanup = () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    opts.registry.delete(close);
  };
  opts.registry.add(close);
  req.on('close', cleanup);
  res.on('close', cleanup);
}
