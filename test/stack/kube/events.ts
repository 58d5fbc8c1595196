// core/v1 Events as controllers and the kubelet record them: reason, message, type,
// involvedObject, source, counts for repeats.
import { randomBytes } from 'node:crypto';
import type { Api } from './api.js';
import { byKind } from './resources.js';
import type { KubeObject } from './types.js';
import { timestamp } from './workload.js';

export class EventRecorder {
  private readonly seen = new Map<string, string>(); // dedupe key -> event name

  constructor(
    private readonly api: Api,
    private readonly component: string,
    private readonly host?: string,
  ) {}

  record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const rt = byKind('Event');
    const ns = obj.metadata.namespace ?? 'default';
    const key = [obj.metadata.uid, reason, message, fieldPath ?? ''].join('|');
    const ts = timestamp();
    const existingName = this.seen.get(key);
    if (existingName) {
      const existing = this.api.store.get(rt, ns, existingName);
      if (existing) {
        existing.count = (existing.count ?? 1) + 1;
        existing.lastTimestamp = ts;
        this.api.store.update(rt, existing);
        return;
      }
    }
    const name = `${obj.metadata.name}.${randomBytes(8).toString('hex')}`;
    try {
      this.api.create(rt, ns, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: {
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name,
          uid: obj.metadata.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: obj.metadata.resourceVersion,
          ...(fieldPath ? { fieldPath } : {}),
        },
        reason,
        message,
        source: { component: this.component, ...(this.host ? { host: this.host } : {}) },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: this.component,
        reportingInstance: this.host ?? '',
      });
      this.seen.set(key, name);
    } catch {
      // The namespace may be going away; events are best effort, as in a cluster.
    }
  }
}
