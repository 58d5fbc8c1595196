// The API operations behind the HTTP routes: create, update, patch (merge, strategic, JSON,
// apply), delete with owner-reference propagation, status and scale subresources. Controllers
// use the same operations so defaulting and bookkeeping are the same as for clients.
import { load as loadYaml } from 'js-yaml';
import { ApiError, badRequest, namespaceNotFound, notFound } from './api-errors.js';
import { applyDefaults, validate } from './defaults.js';
import { recordUpdate, serverSideApply } from './managed-fields.js';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import { byKind, groupVersion, type ResourceType } from './resources.js';
import { selectorString } from './selectors.js';
import { now, type Store } from './store.js';
import { clone, deepEqual, isObject, type KubeObject } from './types.js';

export interface WriteOptions {
  manager?: string;
  force?: boolean;
  dryRun?: boolean;
  subresource?: 'status' | 'scale';
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

const RANDOM_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++)
    s += RANDOM_ALPHABET[Math.floor(Math.random() * RANDOM_ALPHABET.length)];
  return s;
}

/** Fields the API server keeps from the stored object when an update leaves them out. */
function preserveImmutable(rt: ResourceType, old: KubeObject, next: KubeObject) {
  if (rt.kind === 'Service' && next.spec && old.spec?.clusterIP && !next.spec.clusterIP) {
    next.spec.clusterIP = old.spec.clusterIP;
    next.spec.clusterIPs = old.spec.clusterIPs;
  }
}

/** Immutable fields: a workload's selector cannot change (apps/v1). */
function validateUpdate(rt: ResourceType, old: KubeObject, next: KubeObject) {
  if (!['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(rt.kind)) return;
  if (deepEqual(old.spec?.selector, next.spec?.selector)) return;
  const name = next.metadata.name!;
  throw new ApiError(
    422,
    'Invalid',
    `${rt.kind}.apps "${name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(next.spec?.selector ?? null)}: field is immutable`,
    {
      name,
      group: 'apps',
      kind: rt.kind,
      causes: [
        {
          type: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(next.spec?.selector ?? null)}: field is immutable`,
          field: 'spec.selector',
        },
      ],
    },
  );
}

/** Kinds whose /status subresource owns status (main-resource writes keep the old status). */
const hasStatus = (rt: ResourceType) => rt.subresources.includes('status');

export class Api {
  /** When set, deleting a pod is graceful: it gets deletionTimestamp and the kubelet finishes it. */
  gracefulPodDeletion = false;
  /** Mutating admission: called with every object about to be stored by a client write. */
  readonly mutators: Array<(rt: ResourceType, obj: KubeObject) => void> = [];

  private mutate(rt: ResourceType, obj: KubeObject) {
    for (const m of this.mutators) m(rt, obj);
  }
  private readonly orphaning = new Set<string>();

  constructor(readonly store: Store) {
    store.subscribe((e) => {
      if (e.type !== 'DELETED') return;
      const uid = e.object.metadata.uid!;
      if (this.orphaning.delete(uid)) return;
      setImmediate(() => this.collectDependents(uid));
    });
  }

  private checkNamespace(rt: ResourceType, ns: string | undefined) {
    if (!rt.namespaced) return;
    if (!ns)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    const nsObj = this.store.get(byKind('Namespace'), undefined, ns);
    if (!nsObj) throw namespaceNotFound(ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  }

  private prepareBody(rt: ResourceType, ns: string | undefined, body: unknown): KubeObject {
    if (!isObject(body)) throw badRequest('the body of the request was in an unknown format');
    const obj = clone(body) as KubeObject;
    obj.metadata = isObject(obj.metadata) ? obj.metadata : {};
    if (rt.namespaced) {
      if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = ns ?? obj.metadata.namespace;
    }
    const expected = groupVersion(rt);
    if (obj.kind && obj.kind !== rt.kind) {
      throw badRequest(`${obj.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}`);
    }
    if (obj.apiVersion && obj.apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    return obj;
  }

  get(rt: ResourceType, ns: string | undefined, name: string): KubeObject {
    return this.store.mustGet(rt, ns, name);
  }

  create(
    rt: ResourceType,
    ns: string | undefined,
    body: unknown,
    opts: WriteOptions = {},
  ): KubeObject {
    const obj = this.prepareBody(rt, ns, body);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
    }
    if (!obj.metadata.name) {
      throw new ApiError(
        422,
        'Invalid',
        `${rt.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      );
    }
    this.checkNamespace(rt, obj.metadata.namespace);
    delete obj.metadata.managedFields;
    delete obj.metadata.resourceVersion;
    if (rt.kind === 'Pod') delete obj.status;
    else if (hasStatus(rt) && rt.kind !== 'Namespace') delete obj.status;
    this.mutate(rt, obj);
    applyDefaults(rt, obj);
    validate(rt, obj);
    if (opts.manager) recordUpdate(undefined, obj, opts.manager, groupVersion(rt));
    if (opts.dryRun) return obj;
    return this.store.create(rt, obj);
  }

  /** PUT: replaces the object (or its status); metadata.resourceVersion, when sent, must match. */
  update(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
  ): KubeObject {
    const obj = this.prepareBody(rt, ns, body);
    if (obj.metadata.name && obj.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    obj.metadata.name = name;
    const old = this.store.mustGet(rt, ns, name);
    return this.write(rt, old, obj, opts, obj.metadata.resourceVersion);
  }

  private write(
    rt: ResourceType,
    old: KubeObject,
    input: KubeObject,
    opts: WriteOptions,
    expectRv?: string,
  ): KubeObject {
    let next = clone(input);
    if (opts.subresource === 'status') {
      // Only status changes through /status.
      const status = next.status;
      next = clone(old);
      if (status === undefined) delete next.status;
      else next.status = status;
    } else if (hasStatus(rt)) {
      if (old.status === undefined) delete next.status;
      else next.status = clone(old.status);
    }
    if (next.metadata.managedFields === undefined || opts.subresource === 'status') {
      next.metadata.managedFields = old.metadata.managedFields;
    }
    preserveImmutable(rt, old, next);
    this.mutate(rt, next);
    applyDefaults(rt, next);
    validate(rt, next);
    validateUpdate(rt, old, next);
    if (opts.manager) {
      next.metadata.managedFields = old.metadata.managedFields;
      recordUpdate(
        old,
        next,
        opts.manager,
        groupVersion(rt),
        opts.subresource === 'status' ? 'status' : undefined,
      );
    }
    if (opts.dryRun) return next;
    const stored = this.store.update(rt, next, expectRv);
    this.finishDeletionIfReady(rt, stored);
    return stored;
  }

  /** PATCH with any of the four content types. Apply creates the object when it is missing. */
  patch(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    contentType: string,
    rawBody: string,
    opts: WriteOptions = {},
  ): KubeObject {
    const type = contentType.split(';')[0].trim().toLowerCase();
    let body: unknown;
    try {
      body = type === 'application/apply-patch+yaml' ? loadYaml(rawBody) : JSON.parse(rawBody);
    } catch (err) {
      throw badRequest(`error decoding patch: ${(err as Error).message.split('\n')[0]}`);
    }
    if (type === 'application/apply-patch+yaml') return this.apply(rt, ns, name, body, opts);
    const old = this.store.mustGet(rt, ns, name);
    let next: unknown;
    const sub = opts.subresource === 'status';
    if (type === 'application/merge-patch+json') next = mergePatch(old, body);
    else if (type === 'application/strategic-merge-patch+json') {
      if (rt.group === 'argoproj.io') {
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      }
      next = strategicMergePatch(old, body);
    } else if (type === 'application/json-patch+json') next = jsonPatch(old, body);
    else {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${rt.group === 'argoproj.io' ? '' : ', application/strategic-merge-patch+json'}`,
      );
    }
    if (!isObject(next)) throw badRequest('patch did not produce an object');
    const obj = next as KubeObject;
    obj.metadata = isObject(obj.metadata) ? obj.metadata : {};
    obj.metadata.name = name;
    if (rt.namespaced) obj.metadata.namespace = ns;
    const expectRv =
      isObject(body) && isObject((body as KubeObject).metadata)
        ? ((body as KubeObject).metadata.resourceVersion as string | undefined)
        : undefined;
    return this.write(rt, old, obj, { ...opts, subresource: sub ? 'status' : undefined }, expectRv);
  }

  apply(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions,
  ): KubeObject {
    if (!opts.manager) {
      throw badRequest(
        'PATCH, application/apply-patch+yaml: fieldManager must be set for apply requests',
      );
    }
    if (!isObject(body))
      throw badRequest('error decoding YAML: the apply configuration must be an object');
    const applied = this.prepareBody(rt, ns, body);
    if (!applied.apiVersion || !applied.kind) {
      throw badRequest('invalid object type: /, Kind=');
    }
    if (applied.metadata.name && applied.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    applied.metadata.name = name;
    const old = this.store.get(rt, ns, name);
    const sub = opts.subresource === 'status' ? 'status' : undefined;
    const merged = serverSideApply(old, applied, {
      manager: opts.manager,
      force: !!opts.force,
      apiVersion: groupVersion(rt),
      subresource: sub,
    });
    if (!old) {
      merged.metadata.name = name;
      if (rt.namespaced) merged.metadata.namespace = ns;
      const managed = merged.metadata.managedFields;
      this.checkNamespace(rt, merged.metadata.namespace);
      this.mutate(rt, merged);
      applyDefaults(rt, merged);
      validate(rt, merged);
      if (rt.kind === 'Pod' || hasStatus(rt)) {
        if (rt.kind !== 'Namespace' && rt.kind !== 'Pod') delete merged.status;
      }
      merged.metadata.managedFields = managed;
      if (opts.dryRun) return merged;
      return this.store.create(rt, merged);
    }
    if (!sub && hasStatus(rt)) {
      if (old.status === undefined) delete merged.status;
      else merged.status = clone(old.status);
    }
    preserveImmutable(rt, old, merged);
    this.mutate(rt, merged);
    applyDefaults(rt, merged);
    validate(rt, merged);
    validateUpdate(rt, old, merged);
    if (opts.dryRun) return merged;
    const stored = this.store.update(rt, merged);
    return stored;
  }

  /** Deletes with propagation. Returns the object and whether it is gone already. */
  delete(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): { object: KubeObject; finished: boolean } {
    const obj = this.store.mustGet(rt, ns, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== obj.metadata.uid) {
      throw new ApiError(
        409,
        'Conflict',
        `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${obj.metadata.uid}`,
      );
    }
    if (
      opts.preconditions?.resourceVersion &&
      opts.preconditions.resourceVersion !== obj.metadata.resourceVersion
    ) {
      throw new ApiError(
        409,
        'Conflict',
        `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`,
      );
    }
    if (opts.dryRun) return { object: obj, finished: false };
    const policy = opts.propagationPolicy ?? 'Background';
    if (rt.kind === 'Namespace') return { object: this.deleteNamespace(obj), finished: false };
    if (policy === 'Orphan') {
      for (const d of this.store.dependents(obj.metadata.uid!)) {
        const refs = (d.obj.metadata.ownerReferences ?? []).filter(
          (r) => r.uid !== obj.metadata.uid,
        );
        d.obj.metadata.ownerReferences = refs.length ? refs : undefined;
        this.store.update(d.rt, d.obj);
      }
      this.orphaning.add(obj.metadata.uid!);
    }
    if (policy === 'Foreground') {
      for (const d of this.store.dependents(obj.metadata.uid!)) {
        try {
          this.delete(d.rt, d.obj.metadata.namespace, d.obj.metadata.name!, {
            propagationPolicy: 'Foreground',
          });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    }
    const graceful =
      rt.kind === 'Pod' &&
      this.gracefulPodDeletion &&
      opts.gracePeriodSeconds !== 0 &&
      !!obj.spec?.nodeName &&
      obj.status?.phase !== 'Succeeded' &&
      obj.status?.phase !== 'Failed';
    if (graceful || (obj.metadata.finalizers?.length ?? 0) > 0) {
      if (obj.metadata.deletionTimestamp) return { object: obj, finished: false };
      const grace = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
      obj.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z');
      obj.metadata.deletionGracePeriodSeconds = grace;
      const stored = this.store.updateDeletion(rt, obj);
      if (!graceful) this.finishDeletionIfReady(rt, stored);
      return { object: stored, finished: false };
    }
    return { object: this.store.remove(rt, ns, name), finished: true };
  }

  /** Removes an object marked for deletion once no finalizer holds it (kubelet calls it for pods). */
  finishDeletion(rt: ResourceType, ns: string | undefined, name: string): void {
    try {
      this.store.remove(rt, ns, name);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }

  private finishDeletionIfReady(rt: ResourceType, obj: KubeObject) {
    if (!obj.metadata.deletionTimestamp || (obj.metadata.finalizers?.length ?? 0) > 0) return;
    if (rt.kind === 'Pod' && this.gracefulPodDeletion) return;
    if (rt.kind === 'Namespace') return;
    this.finishDeletion(rt, obj.metadata.namespace, obj.metadata.name!);
  }

  private collectDependents(uid: string) {
    for (const d of this.store.dependents(uid)) {
      const remaining = (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      try {
        if (
          remaining.length === 0 ||
          d.obj.metadata.ownerReferences?.find((r) => r.uid === uid)?.controller
        ) {
          this.delete(d.rt, d.obj.metadata.namespace, d.obj.metadata.name!);
        } else {
          d.obj.metadata.ownerReferences = remaining;
          this.store.update(d.rt, d.obj);
        }
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404))
          console.error('kube double: garbage collection', err);
      }
    }
  }

  private deleteNamespace(ns: KubeObject): KubeObject {
    const rt = byKind('Namespace');
    if (ns.metadata.deletionTimestamp) return ns;
    ns.metadata.deletionTimestamp = now();
    ns.metadata.deletionGracePeriodSeconds = 0;
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
    const stored = this.store.updateDeletion(rt, ns);
    const name = ns.metadata.name!;
    const sweep = () => {
      let left = 0;
      for (const t of this.store.types()) {
        if (!t.namespaced) continue;
        for (const o of this.store.list(t, name)) {
          left++;
          if (o.metadata.deletionTimestamp) continue;
          try {
            this.delete(t, name, o.metadata.name!, { propagationPolicy: 'Background' });
          } catch {
            /* gone meanwhile */
          }
        }
      }
      if (left === 0) this.finishDeletion(rt, undefined, name);
      else setTimeout(sweep, 100).unref();
    };
    setImmediate(sweep);
    return stored;
  }

  /** The autoscaling/v1 Scale of a Deployment, ReplicaSet, StatefulSet or Rollout. */
  getScale(rt: ResourceType, ns: string | undefined, name: string): KubeObject {
    const obj = this.store.mustGet(rt, ns, name);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name,
        namespace: ns,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: obj.spec?.replicas ?? 0 },
      status: {
        replicas: obj.status?.replicas ?? 0,
        selector: selectorString(obj.spec?.selector),
      },
    };
  }

  updateScale(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    replicas: unknown,
    opts: WriteOptions,
    expectRv?: string,
  ): KubeObject {
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new ApiError(
        422,
        'Invalid',
        `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      );
    }
    const obj = this.store.mustGet(rt, ns, name);
    if (expectRv && expectRv !== obj.metadata.resourceVersion) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${rt.plural}.${rt.group} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const next = clone(obj);
    next.spec = { ...(next.spec ?? {}), replicas };
    this.write(rt, obj, next, { manager: opts.manager });
    return this.getScale(rt, ns, name);
  }

  exists(rt: ResourceType, ns: string | undefined, name: string): boolean {
    return !!this.store.get(rt, ns, name);
  }

  notFound(rt: ResourceType, name: string): ApiError {
    return notFound(rt, name);
  }
}
