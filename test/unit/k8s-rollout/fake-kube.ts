/**
 * An in-memory fake of the k8s-rollout Kube port: a store with resourceVersions, label/field
 * selectors and watches that tests drive by putting objects. No controllers: the test plays the
 * cluster by calling `put`.
 */
import type {
  Kube,
  KubeObject,
  ListOptions,
  ObjectRef,
  WatchEvent,
  WatchOptions,
} from '../../../src/k8s-rollout/kube-client.js';
import { KubeRequestError } from '../../../src/k8s-rollout/kube-client.js';

interface Watcher {
  kind: string;
  namespace: string;
  options: WatchOptions;
  onEvent: (event: WatchEvent) => void;
  onDone: (error?: unknown) => void;
  open: boolean;
}

function matchesLabels(object: KubeObject, selector?: string): boolean {
  if (!selector) return true;
  return selector.split(',').every((part) => {
    const [key, value] = part.split('=');
    return object.metadata.labels?.[key] === value;
  });
}

function matchesFields(object: KubeObject, selector?: string): boolean {
  if (!selector) return true;
  return selector.split(',').every((part) => {
    const [key, value] = part.split('=');
    if (key === 'metadata.name') return object.metadata.name === value;
    return true;
  });
}

export class FakeKube implements Kube {
  objects = new Map<string, KubeObject>();
  version = 100;
  watchers: Watcher[] = [];
  calls: { verb: string; detail: unknown }[] = [];
  unknownKinds = new Set<string>();
  namespacedKinds = new Set([
    'Deployment',
    'ReplicaSet',
    'Pod',
    'Service',
    'ConfigMap',
    'Secret',
    'StatefulSet',
    'DaemonSet',
    'Ingress',
    'Rollout',
    'Event',
  ]);
  logs = new Map<string, string>();
  eventsList: KubeObject[] = [];
  /** Set to make the next calls of a verb fail. */
  failures: { verb: string; error: unknown; times: number }[] = [];
  /** Hook run after each apply or patch (plays the controller). */
  onWrite?: (object: KubeObject, verb: string) => void;

  private key(kind: string, namespace: string | undefined, name: string) {
    return `${kind}/${namespace ?? ''}/${name}`;
  }

  private maybeFail(verb: string) {
    const failure = this.failures.find((entry) => entry.verb === verb && entry.times > 0);
    if (failure) {
      failure.times--;
      throw failure.error;
    }
  }

  /** Stores an object (as the cluster would) and notifies watchers. */
  put(object: KubeObject, type: 'ADDED' | 'MODIFIED' = 'MODIFIED'): KubeObject {
    const copy = JSON.parse(JSON.stringify(object)) as KubeObject;
    copy.metadata.resourceVersion = String(++this.version);
    copy.metadata.uid ??= `uid-${copy.metadata.name}`;
    const key = this.key(copy.kind, copy.metadata.namespace, copy.metadata.name);
    const existed = this.objects.has(key);
    this.objects.set(key, copy);
    this.emit(existed ? type : 'ADDED', copy);
    return copy;
  }

  remove(kind: string, namespace: string, name: string) {
    const key = this.key(kind, namespace, name);
    const object = this.objects.get(key);
    if (!object) return;
    this.objects.delete(key);
    this.emit('DELETED', {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(++this.version) },
    });
  }

  private history: { type: WatchEvent['type']; object: KubeObject }[] = [];

  private emit(type: WatchEvent['type'], object: KubeObject) {
    this.history.push({ type, object: JSON.parse(JSON.stringify(object)) });
    for (const watcher of this.watchers) this.deliver(watcher, type, object);
  }

  private deliver(watcher: Watcher, type: WatchEvent['type'], object: KubeObject) {
    {
      if (!watcher.open || watcher.kind !== object.kind) return;
      if (
        (object.metadata.namespace ?? '') !== watcher.namespace &&
        this.namespacedKinds.has(object.kind)
      )
        return;
      if (!matchesLabels(object, watcher.options.labelSelector)) return;
      if (!matchesFields(object, watcher.options.fieldSelector)) return;
      watcher.onEvent({ type, object: JSON.parse(JSON.stringify(object)) });
    }
  }

  /** Ends every open watch (as a dropped connection does). */
  dropWatches(error?: unknown) {
    for (const watcher of this.watchers.filter((entry) => entry.open)) {
      watcher.open = false;
      watcher.onDone(error);
    }
  }

  find(kind: string, name: string, namespace = 'default'): KubeObject | undefined {
    return this.objects.get(
      this.key(kind, this.namespacedKinds.has(kind) ? namespace : undefined, name),
    );
  }

  async kindInfo(_apiVersion: string, kind: string) {
    this.maybeFail('kindInfo');
    if (this.unknownKinds.has(kind)) return undefined;
    return { plural: `${kind.toLowerCase()}s`, namespaced: this.namespacedKinds.has(kind) };
  }

  async apply(object: KubeObject, options: { fieldManager: string; force: boolean }) {
    this.calls.push({
      verb: 'apply',
      detail: { object: JSON.parse(JSON.stringify(object)), options },
    });
    this.maybeFail('apply');
    const existing = this.find(object.kind, object.metadata.name, object.metadata.namespace);
    const merged: KubeObject = {
      ...(existing ?? {}),
      ...JSON.parse(JSON.stringify(object)),
      metadata: {
        ...(existing?.metadata ?? {}),
        ...object.metadata,
        generation: (existing?.metadata.generation ?? 0) + 1,
      },
      status: existing?.status,
    };
    const stored = this.put(merged);
    this.onWrite?.(stored, 'apply');
    return this.find(object.kind, object.metadata.name, object.metadata.namespace)!;
  }

  async get(ref: ObjectRef) {
    this.calls.push({ verb: 'get', detail: ref });
    this.maybeFail('get');
    const found = this.find(ref.kind, ref.name, ref.namespace);
    return found ? (JSON.parse(JSON.stringify(found)) as KubeObject) : undefined;
  }

  async list(_apiVersion: string, kind: string, namespace: string, options: ListOptions = {}) {
    this.calls.push({ verb: 'list', detail: { kind, namespace, options } });
    this.maybeFail('list');
    const items = [...this.objects.values()].filter(
      (object) =>
        object.kind === kind &&
        (!this.namespacedKinds.has(kind) || object.metadata.namespace === namespace) &&
        matchesLabels(object, options.labelSelector) &&
        matchesFields(object, options.fieldSelector),
    );
    return {
      items: JSON.parse(JSON.stringify(items)) as KubeObject[],
      resourceVersion: String(this.version),
    };
  }

  async mergePatch(ref: ObjectRef, patch: object, fieldManager: string, subresource?: 'status') {
    this.calls.push({ verb: 'mergePatch', detail: { ref, patch, fieldManager, subresource } });
    this.maybeFail('mergePatch');
    const existing = this.find(ref.kind, ref.name, ref.namespace);
    if (!existing) throw new KubeRequestError(`not found: ${ref.kind}/${ref.name}`, 404);
    const merged = applyMergePatch(existing, patch) as KubeObject;
    if ((patch as { spec?: unknown }).spec)
      merged.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    const stored = this.put(merged);
    this.onWrite?.(stored, 'patch');
    return this.find(ref.kind, ref.name, ref.namespace)!;
  }

  async delete(ref: ObjectRef) {
    this.calls.push({ verb: 'delete', detail: ref });
    this.remove(ref.kind, ref.namespace ?? 'default', ref.name);
  }

  async watch(
    _apiVersion: string,
    kind: string,
    namespace: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
    onDone: (error?: unknown) => void,
  ) {
    this.calls.push({ verb: 'watch', detail: { kind, namespace, options } });
    this.maybeFail('watch');
    const watcher: Watcher = { kind, namespace, options, onEvent, onDone, open: true };
    this.watchers.push(watcher);
    // Like the API server: replay what happened after the requested resourceVersion.
    const since = Number(options.resourceVersion || this.version);
    for (const entry of this.history) {
      if (Number(entry.object.metadata.resourceVersion) > since)
        this.deliver(watcher, entry.type, entry.object);
    }
    return () => {
      watcher.open = false;
    };
  }

  async podLogs(
    _namespace: string,
    pod: string,
    container: string,
    tailLines: number,
    previous?: boolean,
  ) {
    const suffix = `${container}${previous ? '/previous' : ''}`;
    const text = this.logs.get(`${pod}/${suffix}`) ?? this.logs.get(`*/${suffix}`) ?? '';
    return text.split('\n').slice(-tailLines).join('\n');
  }

  async events(_namespace: string, kind: string, name: string) {
    return this.eventsList.filter(
      (event) =>
        (event as { involvedObject?: { kind: string; name: string } }).involvedObject?.kind ===
          kind &&
        (event as { involvedObject?: { kind: string; name: string } }).involvedObject?.name ===
          name,
    );
  }
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete base[key];
    else base[key] = applyMergePatch(base[key], value);
  }
  return base;
}

export function event(
  kind: string,
  name: string,
  reason: string,
  message: string,
  type = 'Warning',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${reason}`, namespace: 'default' },
    involvedObject: { kind, name },
    reason,
    message,
    type,
    count: 1,
  } as unknown as KubeObject;
}
