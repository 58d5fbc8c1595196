// The kube API test double: an HTTP server speaking enough of the Kubernetes REST API for
// @kubernetes/client-node and kubectl, with Deployment/ReplicaSet/Rollout controllers, a kubelet
// that runs pods as real Docker containers on loopback IPs, and a port per Service.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Api } from './api.js';
import { ApiError } from './api-errors.js';
import { DeploymentController } from './deployment-controller.js';
import { EventRecorder } from './events.js';
import { KubeHttpServer, type HttpServerOptions } from './http-server.js';
import { RESOURCE_TYPES, byKind } from './resources.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { Store } from './store.js';
import { WorkloadStatusController } from './workload-status-controller.js';

export interface KubeDoubleOptions {
  /** Bearer token required on every request (default: random); 401 otherwise. */
  token?: string;
  /** Run Pods as real Docker containers (default true). */
  kubelet?: boolean;
  /** Time scale for back-offs and probe periods: 10 = ten times faster (default 1). */
  speed?: number;
  /** Also accept this token, for get/list/watch only (403 for writes). */
  readOnlyToken?: string;
  /** Interval of watch BOOKMARK events when a client allows them (default 5000 ms). */
  bookmarkIntervalMs?: number;
  /** Serve HTTPS with a throwaway CA (default true); false serves plain HTTP. */
  tls?: boolean;
  /** Namespaces to create at start (default, kube-system, kube-public always exist). */
  namespaces?: string[];
}

export interface KubeDouble {
  url: string;
  token: string;
  /** A full kubeconfig YAML: cluster, user with the token, context 'oasis-double'. */
  kubeconfig: string;
  /** http://127.0.0.1:PORT of a Service (also in its annotation oasis.dev/local-url). */
  serviceUrl(namespace: string, name: string): string | undefined;
  /**
   * http://127.0.0.1:PORT of the ingress stand-in: routes by Host/path to Ingress backends,
   * with ingress-nginx canary annotations (also the annotation oasis.dev/local-url on Ingresses).
   */
  ingressUrl: string;
  /** Stops containers it started (also registered for process exit) and servers. */
  stop(): Promise<void>;
  /** The CA certificate (PEM) clients must trust, when serving HTTPS. */
  caPem?: string;
  /** For tests of the double and of clients. */
  readonly id: string;
  /** Read or write objects directly (no HTTP): e.g. set a pod's status with kubelet: false. */
  readonly api: Api;
  /** Cuts every open watch stream; returns how many were open. */
  dropWatches(): number;
  /** Forgets the change history: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void;
}

export function kubeconfigFor(
  url: string,
  token: string,
  caPem?: string,
  namespace = 'default',
): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: oasis-double',
    '  cluster:',
    `    server: ${url}`,
    caPem
      ? `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`
      : '    insecure-skip-tls-verify: true',
    'users:',
    '- name: oasis-double',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: oasis-double',
    '  context:',
    '    cluster: oasis-double',
    '    user: oasis-double',
    `    namespace: ${namespace}`,
    'current-context: oasis-double',
    'preferences: {}',
    '',
  ].join('\n');
}

export async function startKubeDouble(opts: KubeDoubleOptions = {}): Promise<KubeDouble> {
  const id = randomBytes(3).toString('hex');
  const token = opts.token ?? randomBytes(24).toString('hex');
  const store = new Store();
  for (const rt of RESOURCE_TYPES) store.registerType(rt);
  const api = new Api(store);
  const NS = byKind('Namespace');
  for (const ns of [
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
    ...(opts.namespaces ?? []),
  ]) {
    if (!store.get(NS, undefined, ns)) api.create(NS, undefined, { metadata: { name: ns } });
  }
  const { nodeObject } = await import('./scheduler.js');
  store.create(byKind('Node'), nodeObject());
  const controllerEvents = new EventRecorder(api, 'deployment-controller');
  const rsEvents = new EventRecorder(api, 'replicaset-controller');
  const deployments = new DeploymentController(api, controllerEvents);
  let rolloutOwnerChanged: (owner: {
    kind: string;
    namespace: string;
    name: string;
  }) => void = () => {};
  const replicaSets = new ReplicaSetController(api, rsEvents, (owner) => {
    deployments.ownerChanged(owner);
    rolloutOwnerChanged(owner);
  });
  const workloads = new WorkloadStatusController(api);
  const { EndpointsController } = await import('./endpoints-controller.js');
  const endpoints = new EndpointsController(api);
  const stoppers: Array<() => Promise<void> | void> = [
    () => deployments.stop(),
    () => replicaSets.stop(),
    () => workloads.stop(),
    () => endpoints.stop(),
  ];

  let logs: HttpServerOptions['logs'];
  let serviceUrl: (ns: string, name: string) => string | undefined = () => undefined;
  let ingressUrl = '';
  const server = new KubeHttpServer(api, {
    token,
    readOnlyToken: opts.readOnlyToken,
    logs: (pod, o) =>
      logs
        ? logs(pod, o)
        : Promise.reject(
            new ApiError(
              400,
              'BadRequest',
              'container logs are not available: the double runs without a kubelet',
            ),
          ),
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
  });
  let url: string;
  let tls: Awaited<ReturnType<typeof import('./tls.js').serverCertificate>> | undefined;
  try {
    const useKubelet = opts.kubelet ?? true;
    if (useKubelet) {
      const { Kubelet } = await import('./kubelet.js');
      const kubelet = new Kubelet(api, { doubleId: id, speed: opts.speed ?? 1 });
      stoppers.unshift(() => kubelet.stop());
      await kubelet.start();
      api.gracefulPodDeletion = true;
      logs = (pod, o) => kubelet.logs(pod, o);
    } else {
      const { PodScheduler } = await import('./pod-scheduler.js');
      const scheduler = new PodScheduler(api);
      stoppers.unshift(() => scheduler.stop());
    }
    const { ServiceProxies } = await import('./service-proxy.js');
    const proxies = new ServiceProxies(api);
    stoppers.unshift(() => proxies.stop());
    await proxies.refill();
    serviceUrl = (ns, name) => proxies.url(ns, name);
    const { IngressProxy } = await import('./ingress-proxy.js');
    const ingress = new IngressProxy(api, (ns, name) => proxies.url(ns, name));
    stoppers.unshift(() => ingress.stop());
    await ingress.start();
    ingressUrl = ingress.url;
    const { RolloutController } = await import('./rollout-controller.js');
    const rollouts = new RolloutController(api, new EventRecorder(api, 'rollouts-controller'));
    rolloutOwnerChanged = (owner) => rollouts.ownerChanged(owner);
    stoppers.push(() => rollouts.stop());
    tls = opts.tls === false ? undefined : await (await import('./tls.js')).serverCertificate();
    const port = await server.listen(tls);
    url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  } catch (err) {
    // Nothing half-started stays behind (timers, servers, containers).
    for (const s of stoppers) await Promise.resolve(s()).catch(() => undefined);
    await server.close().catch(() => undefined);
    throw err;
  }
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.off('exit', onExit);
      for (const s of stoppers) {
        try {
          await s();
        } catch (err) {
          console.error('kube double: stop', err);
        }
      }
      await server.close();
    })();
    return stopped;
  };
  const onExit = () => {
    // Last resort: synchronously remove this double's containers.
    try {
      const ids =
        spawnSync('docker', ['ps', '-aq', '--filter', `label=oasis.kube.double=${id}`])
          .stdout?.toString()
          .split(/\s+/)
          .filter(Boolean) ?? [];
      if (ids.length) spawnSync('docker', ['rm', '-f', ...ids]);
    } catch {
      /* nothing more to do */
    }
  };
  process.on('exit', onExit);

  return {
    id,
    url,
    token,
    kubeconfig: kubeconfigFor(url, token, tls?.caPem),
    caPem: tls?.caPem,
    serviceUrl: (ns, name) => serviceUrl(ns, name),
    ingressUrl,
    stop,
    api,
    dropWatches: () => server.dropWatches(),
    compact: () => store.compact(),
  };
}
