/**
 * The small Kubernetes port the rollout logic talks to, and its real implementation over
 * `@kubernetes/client-node` (KubernetesObjectApi for server-side apply/read/list/patch/delete,
 * Watch for watches, CoreV1Api for logs and events). Unit tests pass a fake of `Kube`.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError, errorMessage } from '../shared/errors.js';
import { describeKubeFailure, kubeApiFailure } from '../shared/kube.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
    creationTimestamp?: string;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  resourceVersion: string;
}

/** What discovery says of a kind. */
export interface KindInfo {
  plural: string;
  namespaced: boolean;
}

export interface Kube {
  /** Discovery: undefined when the server does not know the kind. */
  kindInfo(apiVersion: string, kind: string): Promise<KindInfo | undefined>;
  /** Server-side apply (application/apply-patch+yaml). */
  apply(object: KubeObject, options: { fieldManager: string; force: boolean }): Promise<KubeObject>;
  /** undefined on 404. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  list(
    apiVersion: string,
    kind: string,
    namespace: string,
    options?: ListOptions,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }>;
  /** JSON merge patch (RFC 7386), of the object or of its status subresource. */
  mergePatch(
    ref: ObjectRef,
    patch: object,
    fieldManager: string,
    subresource?: 'status',
  ): Promise<KubeObject>;
  /** Deletes; a missing object is not an error. */
  delete(ref: ObjectRef): Promise<void>;
  /**
   * Starts a watch from `resourceVersion`; events go to onEvent; onDone is called once when the
   * stream ends (err undefined for a clean close). Returns a function that stops the watch.
   */
  watch(
    apiVersion: string,
    kind: string,
    namespace: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
    onDone: (error?: unknown) => void,
  ): Promise<() => void>;
  /** Last lines of a container's log ('' when none); `previous` = the last terminated run. */
  podLogs(
    namespace: string,
    pod: string,
    container: string,
    tailLines: number,
    previous?: boolean,
  ): Promise<string>;
  /** Events of one object, oldest first. */
  events(namespace: string, kind: string, name: string): Promise<KubeObject[]>;
}

/** A failed API request; `code` is the HTTP status (0 for a network error). */
export class KubeRequestError extends UserError {
  readonly code: number;
  constructor(message: string, code: number, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** 5xx, 429 and network errors are worth retrying; 4xx are not. */
  get retryable(): boolean {
    return this.code === 0 || this.code === 429 || this.code >= 500;
  }
}

export function statusCodeOf(error: unknown): number {
  if (error instanceof KubeRequestError) return error.code;
  return kubeApiFailure(error)?.code ?? 0;
}

export function isRetryable(error: unknown): boolean {
  const code = statusCodeOf(error);
  return code === 0 || code === 429 || code >= 500;
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The real port over @kubernetes/client-node. */
export async function createKube(kubeConfig: KubeConfig): Promise<Kube> {
  const client = await import('@kubernetes/client-node');
  const { KubernetesObjectApi, CoreV1Api, Watch, PatchStrategy, HttpMethod } = client;

  class ObjectApi extends KubernetesObjectApi {
    async kind(apiVersion: string, kind: string) {
      return this.resource(apiVersion, kind);
    }

    /** A merge patch of a subresource (KubernetesObjectApi has none). */
    async patchSubresource(spec: KubeObject, subresource: string, patch: object) {
      const path = `${await this.specUriPath(spec as never, 'patch')}/${subresource}`;
      const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
      request.setHeaderParam('Accept', 'application/json');
      request.setHeaderParam('Content-Type', PatchStrategy.MergePatch);
      request.setBody(JSON.stringify(patch));
      return this.requestPromise(request);
    }
  }
  const objects = kubeConfig.makeApiClient(ObjectApi);
  // makeApiClient does not set the default namespace the way KubernetesObjectApi.makeApiClient does.
  (objects as unknown as { defaultNamespace: string }).defaultNamespace = 'default';
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const watcher = new Watch(kubeConfig);
  const discovered = new Map<string, KindInfo | undefined>();

  const fail = (error: unknown, verb: string, resource: string, namespace?: string): never => {
    if (error instanceof KubeRequestError) throw error;
    const failure = kubeApiFailure(error);
    throw new KubeRequestError(
      describeKubeFailure(error, verb, resource, namespace),
      failure?.code ?? 0,
      { cause: error },
    );
  };
  const resourceName = (ref: ObjectRef) => `${ref.kind.toLowerCase()}/${ref.name}`;
  const header = (ref: ObjectRef) => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, namespace: ref.namespace },
  });

  const kube: Kube = {
    async kindInfo(apiVersion, kind) {
      const key = `${apiVersion}/${kind}`;
      if (discovered.has(key)) return discovered.get(key);
      let info: KindInfo | undefined;
      try {
        const resource = await objects.kind(apiVersion, kind);
        info = resource ? { plural: resource.name, namespaced: resource.namespaced } : undefined;
      } catch (error) {
        const code = kubeApiFailure(error)?.code;
        // An unknown group/version answers 404 to discovery.
        if (code === 404) info = undefined;
        else fail(error, 'discover', `${kind} (${apiVersion})`);
      }
      discovered.set(key, info);
      return info;
    },
    async apply(object, options) {
      const send = (force: boolean) =>
        objects.patch(
          object as never,
          undefined,
          undefined,
          options.fieldManager,
          force,
          PatchStrategy.ServerSideApply,
        );
      try {
        try {
          return plain(await send(options.force)) as KubeObject;
        } catch (error) {
          // Fields we changed ourselves by a patch (a rollback, a scale) belong to the same
          // manager name with the Update operation: taking them back is no conflict with anyone.
          const managers = conflictManagers(kubeApiFailure(error)?.message);
          if (
            options.force ||
            managers.length === 0 ||
            managers.some((name) => name !== options.fieldManager)
          ) {
            throw error;
          }
          return plain(await send(true)) as KubeObject;
        }
      } catch (error) {
        const failure = kubeApiFailure(error);
        if (failure?.code === 409) {
          throw new KubeRequestError(
            `server-side apply conflict on ${resourceName(toRef(object))}: ${failure.message ?? 'conflict'}; ` +
              "another field manager owns these fields: set 'force-conflicts: true' to take them over, " +
              "or change 'field-manager' to the one that owns them",
            409,
            { cause: error },
          );
        }
        return fail(error, 'patch', resourceName(toRef(object)), object.metadata.namespace);
      }
    },
    async get(ref) {
      try {
        return plain(await objects.read(header(ref))) as KubeObject;
      } catch (error) {
        if (kubeApiFailure(error)?.code === 404) return undefined;
        return fail(error, 'get', resourceName(ref), ref.namespace);
      }
    },
    async list(apiVersion, kind, namespace, options = {}) {
      try {
        const list = await objects.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          options.fieldSelector,
          options.labelSelector,
        );
        const items = plain(list.items) as KubeObject[];
        for (const item of items) {
          item.apiVersion ??= apiVersion;
          item.kind ??= kind;
        }
        return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      } catch (error) {
        return fail(error, 'list', `${kind.toLowerCase()}s`, namespace);
      }
    },
    async mergePatch(ref, patch, fieldManager, subresource) {
      try {
        if (subresource) {
          return plain(
            await objects.patchSubresource(header(ref) as KubeObject, subresource, patch),
          ) as KubeObject;
        }
        // KubernetesObjectApi finds the object by the body's apiVersion, kind and metadata.
        const { metadata, ...rest } = patch as { metadata?: object };
        const body = {
          ...rest,
          ...header(ref),
          metadata: { ...(metadata ?? {}), ...header(ref).metadata },
        } as KubeObject;
        const result = await objects.patch(
          body as never,
          undefined,
          undefined,
          fieldManager,
          undefined,
          PatchStrategy.MergePatch,
        );
        return plain(result) as KubeObject;
      } catch (error) {
        return fail(error, 'patch', resourceName(ref), ref.namespace);
      }
    },
    async delete(ref) {
      try {
        await objects.delete(header(ref), undefined, undefined, undefined, undefined, 'Background');
      } catch (error) {
        if (kubeApiFailure(error)?.code === 404) return;
        fail(error, 'delete', resourceName(ref), ref.namespace);
      }
    },
    async watch(apiVersion, kind, namespace, options, onEvent, onDone) {
      const info = await kube.kindInfo(apiVersion, kind);
      if (!info) throw new UserError(`the API server does not serve ${kind} (${apiVersion})`);
      const group = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const path = `${group}${info.namespaced ? `/namespaces/${namespace}` : ''}/${info.plural}`;
      const params: Record<string, string | boolean> = {
        resourceVersion: options.resourceVersion,
        allowWatchBookmarks: true,
      };
      if (options.labelSelector) params.labelSelector = options.labelSelector;
      if (options.fieldSelector) params.fieldSelector = options.fieldSelector;
      const controller = await watcher.watch(
        path,
        params,
        (type: string, object: KubeObject) => onEvent({ type: type as WatchEvent['type'], object }),
        (error: unknown) => onDone(error ?? undefined),
      );
      return () => controller.abort();
    },
    async podLogs(namespace, pod, container, tailLines, previous = false) {
      try {
        const text = await core.readNamespacedPodLog({
          name: pod,
          namespace,
          container,
          tailLines,
          previous,
        });
        return typeof text === 'string' ? text : String(text ?? '');
      } catch {
        return '';
      }
    },
    async events(namespace, kind, name) {
      try {
        const list = await core.listNamespacedEvent({
          namespace,
          fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
        });
        const items = plain(list.items) as unknown as KubeObject[];
        return items.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
      } catch (error) {
        if (kubeApiFailure(error)) return [];
        throw new UserError(`cannot list events: ${errorMessage(error)}`);
      }
    },
  };
  return kube;
}

/** Field managers named in a server-side apply conflict message. */
export function conflictManagers(message: string | undefined): string[] {
  return [...(message ?? '').matchAll(/conflict with "([^"]+)"/g)].map((match) => match[1]);
}

export function eventTime(event: KubeObject): string {
  const e = event as {
    lastTimestamp?: string;
    eventTime?: string;
    metadata: { creationTimestamp?: string };
  };
  return String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
}

export function toRef(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    namespace: object.metadata.namespace,
  };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind}/${ref.name}`;
}
