// The object store: every object by resource type, namespace and name, one global
// resourceVersion counter, and a bounded history of changes that watches replay from.
import { randomUUID } from 'node:crypto';
import { alreadyExists, conflict, notFound } from './api-errors.js';
import { typeKey, type ResourceType } from './resources.js';
import { clone, deepEqual, type KubeObject } from './types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  rt: ResourceType;
  object: KubeObject;
  /** The object before this change (MODIFIED/DELETED), for selector transitions. */
  previous?: KubeObject;
  rv: number;
}

/** Kinds whose metadata.generation counts spec changes. */
const GENERATION_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Rollout',
  'Pod',
  'Ingress',
]);

const key = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

export const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export class Store {
  private rv = 1000;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private history: StoreEvent[] = [];
  /** Events with rv > compactedRv are in history. */
  private compactedRv = 1000;
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(private readonly historyLimit = 5000) {}

  currentRv(): number {
    return this.rv;
  }

  oldestAvailableRv(): number {
    return this.compactedRv;
  }

  /** Drops the change history (as etcd compaction does): older watches get 410 Gone. */
  compact(): void {
    this.history = [];
    this.compactedRv = this.rv;
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  eventsSince(rv: number): StoreEvent[] {
    // history is sorted by rv
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  private bucket(rt: ResourceType): Map<string, KubeObject> {
    const k = typeKey(rt);
    let b = this.data.get(k);
    if (!b) {
      b = new Map();
      this.data.set(k, b);
    }
    return b;
  }

  get(rt: ResourceType, ns: string | undefined, name: string): KubeObject | undefined {
    return clone(this.bucket(rt).get(key(rt.namespaced ? ns : undefined, name)));
  }

  mustGet(rt: ResourceType, ns: string | undefined, name: string): KubeObject {
    const obj = this.get(rt, ns, name);
    if (!obj) throw notFound(rt, name);
    return obj;
  }

  list(rt: ResourceType, ns?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.bucket(rt).values()) {
      if (!ns || !rt.namespaced || obj.metadata.namespace === ns) out.push(clone(obj));
    }
    return out.sort((a, b) =>
      key(a.metadata.namespace, a.metadata.name!).localeCompare(
        key(b.metadata.namespace, b.metadata.name!),
      ),
    );
  }

  private emit(type: WatchEventType, rt: ResourceType, object: KubeObject, previous?: KubeObject) {
    const event: StoreEvent = {
      type,
      rt,
      object: clone(object),
      previous: clone(previous),
      rv: this.rv,
    };
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedRv = dropped[dropped.length - 1].rv;
    }
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        console.error('kube double: listener failed', err);
      }
    }
  }

  /** Stores a new object: uid, creationTimestamp, resourceVersion, generation are set here. */
  create(rt: ResourceType, input: KubeObject): KubeObject {
    const obj = clone(input);
    const b = this.bucket(rt);
    const k = key(rt.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name!);
    if (b.has(k)) throw alreadyExists(rt, obj.metadata.name!);
    if (!rt.namespaced) delete obj.metadata.namespace;
    obj.apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
    obj.kind = rt.kind;
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = now();
    if (GENERATION_KINDS.has(rt.kind)) obj.metadata.generation = 1;
    else delete obj.metadata.generation;
    delete obj.metadata.deletionTimestamp;
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    b.set(k, obj);
    this.emit('ADDED', rt, obj);
    return clone(obj);
  }

  /**
   * Replaces a stored object. With `expectRv`, a different stored resourceVersion is a 409.
   * Returns the stored object; when nothing changed, the object is returned unchanged (no new rv).
   */
  update(rt: ResourceType, input: KubeObject, expectRv?: string): KubeObject {
    return this.put(rt, input, expectRv, false);
  }

  /** Marks an object for deletion (deletionTimestamp, deletionGracePeriodSeconds). */
  updateDeletion(rt: ResourceType, input: KubeObject): KubeObject {
    return this.put(rt, input, undefined, true);
  }

  private put(
    rt: ResourceType,
    input: KubeObject,
    expectRv: string | undefined,
    deletion: boolean,
  ): KubeObject {
    const b = this.bucket(rt);
    const k = key(rt.namespaced ? input.metadata.namespace : undefined, input.metadata.name!);
    const old = b.get(k);
    if (!old) throw notFound(rt, input.metadata.name!);
    if (expectRv && expectRv !== old.metadata.resourceVersion)
      throw conflict(rt, input.metadata.name!);
    const obj = clone(input);
    obj.apiVersion = old.apiVersion;
    obj.kind = old.kind;
    // Immutable metadata.
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    obj.metadata.namespace = old.metadata.namespace;
    if (!rt.namespaced) delete obj.metadata.namespace;
    if (!deletion) {
      delete obj.metadata.deletionTimestamp;
      delete obj.metadata.deletionGracePeriodSeconds;
    }
    if (old.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    if (GENERATION_KINDS.has(rt.kind)) {
      const specOf = (o: KubeObject) => {
        const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
        // Binding a pod to a node is not a spec change the pod's generation counts.
        if (rt.kind === 'Pod' && rest.spec) rest.spec = { ...rest.spec, nodeName: undefined };
        return rest;
      };
      obj.metadata.generation =
        (old.metadata.generation ?? 1) + (deepEqual(specOf(old), specOf(obj)) ? 0 : 1);
    }
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(obj, old)) return clone(old);
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    b.set(k, obj);
    this.emit('MODIFIED', rt, obj, old);
    return clone(obj);
  }

  remove(rt: ResourceType, ns: string | undefined, name: string): KubeObject {
    const b = this.bucket(rt);
    const k = key(rt.namespaced ? ns : undefined, name);
    const old = b.get(k);
    if (!old) throw notFound(rt, name);
    b.delete(k);
    this.rv++;
    const gone = clone(old);
    gone.metadata.resourceVersion = String(this.rv);
    this.emit('DELETED', rt, gone, old);
    return gone;
  }

  /** Every object (any type) that names `uid` in its ownerReferences. */
  dependents(uid: string): Array<{ rt: ResourceType; obj: KubeObject }> {
    const out: Array<{ rt: ResourceType; obj: KubeObject }> = [];
    for (const [, b] of this.data) {
      for (const obj of b.values()) {
        if (obj.metadata.ownerReferences?.some((r) => r.uid === uid)) {
          out.push({ rt: this.typeOf(obj), obj: clone(obj) });
        }
      }
    }
    return out;
  }

  private readonly typeMap = new Map<string, ResourceType>();

  registerType(rt: ResourceType): void {
    this.typeMap.set(`${rt.group ? `${rt.group}/${rt.version}` : rt.version}|${rt.kind}`, rt);
  }

  types(): ResourceType[] {
    return [...this.typeMap.values()];
  }

  typeOf(obj: KubeObject): ResourceType {
    const rt = this.typeMap.get(`${obj.apiVersion}|${obj.kind}`);
    if (!rt) throw new Error(`unregistered type ${obj.apiVersion} ${obj.kind}`);
    return rt;
  }
}
