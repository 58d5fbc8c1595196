// Without a kubelet (kubelet: false) pods are only scheduled: nodeName and PodScheduled are
// set and the rest of the status is left to the test (through api.store or PUT .../status).
import type { Api } from './api.js';
import { byKind } from './resources.js';
import { timestamp } from './workload.js';

const POD = byKind('Pod');
export const NODE_NAME = 'oasis-double-node';

export class PodScheduler {
  private readonly unsubscribe: () => void;

  constructor(private readonly api: Api) {
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt !== POD || e.type !== 'ADDED' || e.object.spec?.nodeName) return;
      setImmediate(() => this.schedule(e.object.metadata.namespace!, e.object.metadata.name!));
    });
  }

  private schedule(ns: string, name: string) {
    const pod = this.api.store.get(POD, ns, name);
    if (!pod || pod.spec?.nodeName) return;
    pod.spec.nodeName = NODE_NAME;
    pod.status = {
      ...(pod.status ?? {}),
      phase: pod.status?.phase ?? 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: timestamp(),
        },
      ],
    };
    this.api.store.update(POD, pod);
  }

  stop(): void {
    this.unsubscribe();
  }
}
