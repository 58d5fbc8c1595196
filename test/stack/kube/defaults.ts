// Defaulting and the validation a client is most likely to trip over, per kind, as the API
// server does before storing an object.
import { Buffer } from 'node:buffer';
import { invalid, type StatusCause } from './api-errors.js';
import type { ResourceType } from './resources.js';
import { matchesSelector } from './selectors.js';
import { isObject, type KubeObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

function defaultImagePullPolicy(image: string): string {
  const last = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  if (!last.includes(':') || last.endsWith(':latest')) return 'Always';
  return 'IfNotPresent';
}

function defaultContainer(c: any) {
  if (!isObject(c)) return;
  if (typeof c.image === 'string' && !c.imagePullPolicy)
    c.imagePullPolicy = defaultImagePullPolicy(c.image);
  c.resources ??= {};
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of Array.isArray(c.ports) ? c.ports : []) if (isObject(p)) p.protocol ??= 'TCP';
  for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
    if (!isObject(probe)) continue;
    const pr = probe as any;
    pr.timeoutSeconds ??= 1;
    pr.periodSeconds ??= 10;
    pr.successThreshold ??= 1;
    pr.failureThreshold ??= 3;
    if (isObject(pr.httpGet)) pr.httpGet.scheme ??= 'HTTP';
  }
}

export function defaultPodSpec(spec: any, forPod = false) {
  if (!isObject(spec)) return;
  for (const c of [...((spec as any).containers ?? []), ...((spec as any).initContainers ?? [])]) {
    defaultContainer(c);
  }
  const s = spec as any;
  s.restartPolicy ??= 'Always';
  s.terminationGracePeriodSeconds ??= 30;
  s.dnsPolicy ??= 'ClusterFirst';
  s.securityContext ??= {};
  s.schedulerName ??= 'default-scheduler';
  if (forPod) {
    s.enableServiceLinks ??= true;
    s.priority ??= 0;
    s.preemptionPolicy ??= 'PreemptLowerPriority';
    s.serviceAccountName ??= 'default';
    s.serviceAccount ??= s.serviceAccountName;
    s.tolerations ??= [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ];
  }
}

function defaultTemplate(template: any) {
  if (!isObject(template)) return;
  defaultPodSpec((template as any).spec);
}

let clusterIpCounter = 10;

export function applyDefaults(rt: ResourceType, obj: KubeObject): void {
  const spec: any = obj.spec;
  switch (rt.kind) {
    case 'Namespace':
      obj.metadata.labels = {
        ...(obj.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': obj.metadata.name!,
      };
      obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
      obj.status = { phase: obj.status?.phase ?? 'Active' };
      break;
    case 'Deployment':
      if (!spec || typeof spec !== 'object') break;
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= {};
      spec.strategy.type ??= 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate ??= {};
        spec.strategy.rollingUpdate.maxSurge ??= '25%';
        spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      }
      defaultTemplate(spec.template);
      break;
    case 'ReplicaSet':
      if (!spec || typeof spec !== 'object') break;
      spec.replicas ??= 1;
      defaultTemplate(spec.template);
      break;
    case 'StatefulSet':
      if (!spec || typeof spec !== 'object') break;
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      defaultTemplate(spec.template);
      break;
    case 'DaemonSet':
      if (!spec || typeof spec !== 'object') break;
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy ??= {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      };
      defaultTemplate(spec.template);
      break;
    case 'Rollout':
      if (!spec || typeof spec !== 'object') break;
      spec.replicas ??= 1;
      break;
    case 'Pod':
      defaultPodSpec(spec, true);
      obj.status ??= {};
      obj.status.phase ??= 'Pending';
      obj.status.qosClass ??= qosClass(spec);
      break;
    case 'Service':
      if (!spec || typeof spec !== 'object') break;
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.clusterIP !== 'None' && !spec.clusterIP) {
        clusterIpCounter++;
        spec.clusterIP = `10.96.${Math.floor(clusterIpCounter / 250)}.${clusterIpCounter % 250}`;
      }
      if (spec.clusterIP) spec.clusterIPs ??= [spec.clusterIP];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
      for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
        if (!isObject(p)) continue;
        const port = p as any;
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
        if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !port.nodePort) {
          port.nodePort = 30000 + Math.floor(Math.random() * 2768);
        }
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
        spec.externalTrafficPolicy ??= 'Cluster';
      obj.status ??= { loadBalancer: {} };
      break;
    case 'Secret':
      obj.type ??= 'Opaque';
      if (isObject(obj.stringData)) {
        obj.data = { ...(obj.data ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData))
          obj.data[k] = Buffer.from(String(v)).toString('base64');
        delete obj.stringData;
      }
      break;
    case 'Ingress':
      obj.status ??= { loadBalancer: {} };
      break;
  }
}

function qosClass(spec: any): string {
  const containers: any[] = spec?.containers ?? [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    if (
      !lim.cpu ||
      !lim.memory ||
      (req.cpu && req.cpu !== lim.cpu) ||
      (req.memory && req.memory !== lim.memory)
    ) {
      guaranteed = false;
    }
  }
  return guaranteed ? 'Guaranteed' : any ? 'Burstable' : 'BestEffort';
}

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The validation errors clients most often meet (422 Invalid with field causes). */
export function validate(rt: ResourceType, obj: KubeObject): void {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name ?? '';
  const add = (field: string, message: string) =>
    causes.push({ type: 'FieldValueInvalid', message, field });
  if (!NAME_RE.test(name) || name.length > 253) {
    add(
      'metadata.name',
      `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  }
  const podSpecs: Array<[string, any]> = [];
  if (rt.kind === 'Pod') podSpecs.push(['spec', obj.spec]);
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(rt.kind)) {
    const spec = obj.spec ?? {};
    if (!isObject(spec.selector)) add('spec.selector', 'Required value');
    else if (!matchesSelector(spec.template?.metadata?.labels, spec.selector)) {
      add(
        'spec.template.metadata.labels',
        `Invalid value: ${JSON.stringify(spec.template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\``,
      );
    }
    if (typeof spec.replicas === 'number' && spec.replicas < 0) {
      add('spec.replicas', `Invalid value: ${spec.replicas}: must be greater than or equal to 0`);
    }
    podSpecs.push(['spec.template.spec', spec.template?.spec]);
  }
  for (const [path, ps] of podSpecs) {
    const containers = ps?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      add(`${path}.containers`, 'Required value');
      continue;
    }
    containers.forEach((c: any, i: number) => {
      if (!c?.name) add(`${path}.containers[${i}].name`, 'Required value');
      if (!c?.image) add(`${path}.containers[${i}].image`, 'Required value');
    });
  }
  if (causes.length) throw invalid(rt, name, causes);
}
