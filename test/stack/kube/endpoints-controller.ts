// The endpoints controller: one Endpoints object per Service with a selector, listing the
// matching pods' IPs (ready ones under addresses, others under notReadyAddresses), as
// `kubectl describe service` and `kubectl get endpoints` show them.
import type { Api } from './api.js';
import { byKind } from './resources.js';
import { matchesSelector } from './selectors.js';
import { deepEqual, type KubeObject } from './types.js';
import { WorkQueue } from './work-queue.js';
import { isPodReady } from './workload.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const SVC = byKind('Service');
const POD = byKind('Pod');
const EP = byKind('Endpoints');
const SLICE = byKind('EndpointSlice');

function portsFor(svc: KubeObject, pod: KubeObject | undefined): any[] {
  return (svc.spec?.ports ?? []).map((p: any) => {
    let port = p.targetPort ?? p.port;
    if (typeof port === 'string' && !/^\d+$/.test(port)) {
      port = (pod?.spec?.containers ?? [])
        .flatMap((c: any) => c.ports ?? [])
        .find((cp: any) => cp.name === port)?.containerPort;
    }
    return {
      ...(p.name ? { name: p.name } : {}),
      port: Number(port),
      protocol: p.protocol ?? 'TCP',
    };
  });
}

const SERVICE_NAME = 'kubernetes.io/service-name';

export class EndpointsController {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly api: Api) {
    this.queue = new WorkQueue('endpoints-controller', (key) => this.reconcile(key));
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt === SVC) this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      else if (e.rt === POD) {
        for (const svc of api.store.list(SVC, e.object.metadata.namespace)) {
          this.queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
        }
      }
    });
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  /** The discovery.k8s.io/v1 EndpointSlice (what kubectl describe service reads). */
  private reconcileSlice(svc: KubeObject, pods: KubeObject[]) {
    const ns = svc.metadata.namespace!;
    const existing = this.api.store
      .list(SLICE, ns)
      .find((s) => s.metadata.labels?.[SERVICE_NAME] === svc.metadata.name);
    const endpoints = pods.map((p) => {
      const ready = isPodReady(p);
      return {
        addresses: [p.status!.podIP],
        conditions: { ready, serving: ready, terminating: false },
        nodeName: p.spec?.nodeName,
        targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
      };
    });
    // EndpointSlice ports always carry a name ("" for an unnamed Service port).
    const ports = portsFor(svc, pods[0]).map((p) => ({ name: '', ...p }));
    if (!existing) {
      this.api.create(SLICE, ns, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${svc.metadata.name}-`,
          namespace: ns,
          labels: {
            ...(svc.metadata.labels ?? {}),
            [SERVICE_NAME]: svc.metadata.name!,
            'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          },
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'Service',
              name: svc.metadata.name!,
              uid: svc.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        addressType: 'IPv4',
        endpoints,
        ports,
      });
      return;
    }
    if (deepEqual(existing.endpoints, endpoints) && deepEqual(existing.ports, ports)) return;
    existing.endpoints = endpoints;
    existing.ports = ports;
    this.api.store.update(SLICE, existing);
  }

  private reconcile(key: string): void {
    const [ns, name] = key.split('/');
    const svc = this.api.store.get(SVC, ns, name);
    const existing = this.api.store.get(EP, ns, name);
    if (!svc || !svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) {
      if (!svc && existing) this.api.finishDeletion(EP, ns, name);
      return;
    }
    const pods = this.api.store
      .list(POD, ns)
      .filter(
        (p) =>
          p.status?.podIP &&
          !p.metadata.deletionTimestamp &&
          matchesSelector(p.metadata.labels, { matchLabels: svc.spec.selector }),
      );
    const address = (p: KubeObject) => ({
      ip: p.status!.podIP,
      nodeName: p.spec?.nodeName,
      targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
    });
    const ready = pods.filter(isPodReady).map(address);
    const notReady = pods.filter((p) => !isPodReady(p)).map(address);
    const subsets =
      pods.length === 0
        ? undefined
        : [
            {
              ...(ready.length ? { addresses: ready } : {}),
              ...(notReady.length ? { notReadyAddresses: notReady } : {}),
              ports: portsFor(svc, pods[0]),
            },
          ];
    this.reconcileSlice(svc, pods);
    const labels = svc.metadata.labels;
    if (!existing) {
      this.api.store.create(EP, {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
        ...(subsets ? { subsets } : {}),
      });
      return;
    }
    if (deepEqual(existing.subsets, subsets) && deepEqual(existing.metadata.labels, labels)) return;
    if (subsets) existing.subsets = subsets;
    else delete existing.subsets;
    if (labels) existing.metadata.labels = labels;
    this.api.store.update(EP, existing);
  }
}
