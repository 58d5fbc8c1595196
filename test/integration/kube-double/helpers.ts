// Helpers for the kube double's own tests: a client-node configuration for a double, a raw
// HTTPS request that trusts the double's CA, and polling until a condition holds.
import * as k8s from '@kubernetes/client-node';
import { request } from 'node:https';
import type { KubeDouble } from '../../stack/kube/index.js';

export function clients(double: KubeDouble) {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(double.kubeconfig);
  return {
    kc,
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTPS request to the double (token and CA from the double unless overridden). */
export function raw(
  double: KubeDouble,
  method: string,
  path: string,
  opts: { body?: unknown; contentType?: string; token?: string | null; accept?: string } = {},
): Promise<RawResponse> {
  const url = new URL(path, double.url);
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? double.token}`;
  if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        ca: double.caPem,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls `probe` until it returns a value other than undefined/false; throws with `what` on timeout. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function env(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run through the integration project (globalSetup starts the stack)`,
    );
  return v;
}

/** A Deployment of the sample image with a fast readiness probe. */
export function sampleDeployment(
  name: string,
  image: string,
  opts: {
    replicas?: number;
    strategy?: unknown;
    progressDeadlineSeconds?: number;
    env?: unknown[];
    namespace?: string;
    memory?: string;
  } = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'default', labels: { app: name } },
    spec: {
      replicas: opts.replicas ?? 2,
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      ...(opts.progressDeadlineSeconds
        ? { progressDeadlineSeconds: opts.progressDeadlineSeconds }
        : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              ports: [{ containerPort: 8080, name: 'http' }],
              readinessProbe: {
                httpGet: { path: '/ready', port: 'http' },
                periodSeconds: 1,
                failureThreshold: 1,
              },
              ...(opts.env ? { env: opts.env } : {}),
              ...(opts.memory ? { resources: { limits: { memory: opts.memory } } } : {}),
            },
          ],
        },
      },
    },
  };
}

export function sampleService(
  name: string,
  namespace = 'default',
  selector: Record<string, string> = { app: name },
) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

/** Sorted key list of an object, for "same fields as the real object" comparisons. */
export function keys(o: unknown): string[] {
  return o && typeof o === 'object' ? Object.keys(o).sort() : [];
}
