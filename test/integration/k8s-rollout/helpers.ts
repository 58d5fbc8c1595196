/**
 * Shared pieces of the k8s-rollout integration tests: the sample Deployment/Service manifests,
 * a run helper that captures the progress lines, and a prober that hits a Service URL
 * continuously and records every answer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../../../src/k8s-rollout/inputs.js';
import { k8sRollout, type K8sRolloutResult } from '../../../src/k8s-rollout/k8s-rollout.js';
import { mapInputs } from '../../../src/shared/inputs.js';

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the integration globalSetup did not run`);
  return value;
}

export interface SampleOptions {
  name?: string;
  image: string;
  replicas?: number;
  progressDeadlineSeconds?: number;
  /** Extra container fields (env, resources…) as YAML lines indented for the container. */
  containerExtra?: string;
}

/** The sample service as a Deployment with a readiness probe, and its Service. */
export function sampleManifests(options: SampleOptions): string {
  const name = options.name ?? 'sample';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  replicas: ${options.replicas ?? 2}
  progressDeadlineSeconds: ${options.progressDeadlineSeconds ?? 600}
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: ${options.image}
          ports: [{ containerPort: 8080 }]
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 1
            failureThreshold: 1
${options.containerExtra ?? ''}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${name} }
  ports: [{ port: 80, targetPort: 8080 }]
`;
}

export interface RunOutcome {
  result?: K8sRolloutResult;
  error?: Error;
  lines: string[];
}

/** Runs k8sRollout with the manifests written to a temp workspace; never throws. */
export async function runRollout(
  manifests: string,
  inputs: Record<string, string>,
  lines: string[] = [],
): Promise<RunOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-rollout-it-'));
  writeFileSync(join(dir, 'app.yaml'), manifests);
  try {
    const config = getInputs(
      mapInputs({ manifests: 'app.yaml', workspace: dir, timeout: '120s', ...inputs }),
    );
    const result = await k8sRollout(config, {
      log: (line) => lines.push(`${new Date().toISOString()} ${line}`),
    });
    return { result, lines };
  } catch (error) {
    return { error: error as Error, lines };
  }
}

export interface ProbeRecord {
  start: number;
  end: number;
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
}

/** Hits `${url}/version` back to back until stopped. */
export function startProber(url: () => string | undefined, pauseMs = 10) {
  const records: ProbeRecord[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const target = url();
      const start = Date.now();
      if (!target) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      try {
        const response = await fetch(`${target}/version`, { signal: AbortSignal.timeout(5000) });
        const body = (await response.text()).trim();
        records.push({
          start,
          end: Date.now(),
          ok: response.status === 200,
          status: response.status,
          body,
        });
      } catch (error) {
        records.push({ start, end: Date.now(), ok: false, error: String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    records,
    async stop() {
      running = false;
      await loop;
      return records;
    },
  };
}

/** Versions answered by `count` requests to a Service URL. */
export async function versions(url: string, count = 20): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/version`, { signal: AbortSignal.timeout(5000) });
    out.push((await response.text()).trim());
  }
  return out;
}
