// Without a kubelet (kubelet: false) pods are only scheduled: nodeName and PodScheduled are
// set (or Unschedulable, see scheduler.ts) and the rest of the status is left to the test
// (through api.store or PUT .../status).
import type { Api } from './api.js';
import { EventRecorder } from './events.js';
import { byKind } from './resources.js';
import { bindOrReject } from './scheduler.js';

const POD = byKind('Pod');
export { NODE_NAME } from './scheduler.js';

export class PodScheduler {
  private readonly unsubscribe: () => void;
  private readonly events: EventRecorder;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly api: Api) {
    this.events = new EventRecorder(api, 'default-scheduler');
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt !== POD || e.type !== 'ADDED' || e.object.spec?.nodeName) return;
      setImmediate(() => this.schedule(e.object.metadata.namespace!, e.object.metadata.name!));
    });
  }

  private schedule(ns: string, name: string) {
    const pod = this.api.store.get(POD, ns, name);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    if (!bindOrReject(this.api, this.events, pod)) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.schedule(ns, name);
      }, 1000);
      t.unref();
      this.timers.add(t);
    }
  }

  stop(): void {
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
  }
}
