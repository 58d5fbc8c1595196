/**
 * k8s-rollout fail-fast benchmark: for each failure mode, seconds from the first fatal Pod status
 * in the kube double to the step's failure, and to the rollback being complete.
 * Goal: ≤ 10 s to failure. Run: node --import tsx bench/rollout-failfast.ts [rounds]
 *
 * "First fatal status" is observed inside the double's store (no HTTP in between), the failure
 * time is the moment k8s-rollout logs it, rollback complete is when k8sRollout returns.
 * Never-ready has no fatal Pod status: its clock starts when the Deployment's condition turns
 * ProgressDeadlineExceeded (progressDeadlineSeconds 10).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../src/k8s-rollout/inputs.js';
import { k8sRollout } from '../src/k8s-rollout/k8s-rollout.js';
import { mapInputs } from '../src/shared/inputs.js';
import { startKubeDouble } from '../test/stack/kube/index.js';
import { byKind } from '../test/stack/kube/resources.js';
import { acquireStack, releaseStack } from '../test/stack/shared-stack.js';
import { sampleManifests } from '../test/integration/k8s-rollout/helpers.js';

const FATAL = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
]);
const NS = 'bench';
const rounds = Number(process.argv[2] ?? 3);

const stack = await acquireStack((line) => console.error(line));
const double = await startKubeDouble({ namespaces: [NS] });
const dir = mkdtempSync(join(tmpdir(), 'rollout-failfast-'));
const POD = byKind('Pod');
const DEPLOYMENT = byKind('Deployment');

const modes: { mode: string; manifests: (name: string) => string }[] = [
  {
    mode: 'ImagePullBackOff',
    manifests: (name) =>
      sampleManifests({ name, image: `${stack.OASIS_TEST_REGISTRY}/oasis/sample:does-not-exist` }),
  },
  {
    mode: 'CrashLoopBackOff',
    manifests: (name) => sampleManifests({ name, image: stack.OASIS_SAMPLE_CRASHLOOP }),
  },
  {
    mode: 'missing Secret',
    manifests: (name) =>
      sampleManifests({
        name,
        image: stack.OASIS_SAMPLE_V2,
        containerExtra: [
          '          env:',
          '            - name: DB_PASSWORD',
          '              valueFrom:',
          '                secretKeyRef: { name: absent, key: password }',
        ].join('\n'),
      }),
  },
  {
    mode: 'never-ready',
    manifests: (name) =>
      sampleManifests({ name, image: stack.OASIS_SAMPLE_NEVER_READY, progressDeadlineSeconds: 10 }),
  },
];

async function run(manifests: string, log: (line: string) => void) {
  writeFileSync(join(dir, 'app.yaml'), manifests);
  const config = getInputs(
    mapInputs({
      manifests: 'app.yaml',
      workspace: dir,
      kubeconfig: double.kubeconfig,
      namespace: NS,
      timeout: '120s',
    }),
  );
  return k8sRollout(config, { log });
}

interface Row {
  mode: string;
  round: number;
  toFailure: number;
  toRollback: number;
  fromApply: number;
  reason: string;
  status: string;
}
const rows: Row[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    for (const { mode, manifests } of modes) {
      const name = `b${round}-${mode
        .toLowerCase()
        .replace(/[^a-z]/g, '')
        .slice(0, 12)}`;
      const baseline = await run(
        sampleManifests({ name, image: stack.OASIS_SAMPLE_V1 }),
        () => undefined,
      );
      if (baseline.status !== 'succeeded')
        throw new Error(`baseline of ${name}: ${baseline.error}`);
      let firstFatal: number | undefined;
      let failedAt: number | undefined;
      let appliedAt: number | undefined;
      const unsubscribe = double.api.store.subscribe((event) => {
        if (firstFatal !== undefined || event.object.metadata?.namespace !== NS) return;
        if (event.rt === POD && event.object.metadata.name?.startsWith(`${name}-`)) {
          const statuses = event.object.status?.containerStatuses ?? [];
          if (
            statuses.some((status: { state?: { waiting?: { reason?: string } } }) =>
              FATAL.has(status.state?.waiting?.reason ?? ''),
            )
          ) {
            firstFatal = performance.now();
          }
        }
        if (event.rt === DEPLOYMENT && event.object.metadata.name === name) {
          const conditions = event.object.status?.conditions ?? [];
          if (
            conditions.some(
              (condition: { reason?: string }) => condition.reason === 'ProgressDeadlineExceeded',
            )
          ) {
            firstFatal = performance.now();
          }
        }
      });
      const result = await run(manifests(name), (line) => {
        if (appliedAt === undefined && line.startsWith('applied Deployment/'))
          appliedAt = performance.now();
        if (failedAt === undefined && line.startsWith('failed: ')) failedAt = performance.now();
      });
      const done = performance.now();
      unsubscribe();
      if (firstFatal === undefined || failedAt === undefined) {
        throw new Error(
          `${mode}: no fatal status seen (${firstFatal}) or no failure logged (${failedAt}): ${result.status}`,
        );
      }
      rows.push({
        mode,
        round,
        toFailure: (failedAt - firstFatal) / 1000,
        toRollback: (done - firstFatal) / 1000,
        fromApply: (failedAt - (appliedAt ?? failedAt)) / 1000,
        reason: result.failedReason,
        status: result.status,
      });
      console.error(`round ${round} ${mode}: ${result.status} (${result.failedReason})`);
    }
  }
} finally {
  await double.stop();
  rmSync(dir, { recursive: true, force: true });
  await releaseStack();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
console.log(`k8s-rollout fail-fast, kube double with real containers, ${rounds} round(s) per mode`);
console.log('');
console.log(
  '| failure mode | detected as | status | to failure (s) median / max | to rollback complete (s) median / max | apply → failure (s) median |',
);
console.log('|---|---|---|---|---|---|');
for (const { mode } of modes) {
  const mine = rows.filter((row) => row.mode === mode);
  const failure = mine.map((row) => row.toFailure);
  const rollback = mine.map((row) => row.toRollback);
  console.log(
    `| ${mode} | ${[...new Set(mine.map((row) => row.reason))].join(', ')} | ${[...new Set(mine.map((row) => row.status))].join(', ')} | ${median(failure).toFixed(2)} / ${Math.max(...failure).toFixed(2)} | ${median(rollback).toFixed(2)} / ${Math.max(...rollback).toFixed(2)} | ${median(mine.map((row) => row.fromApply)).toFixed(2)} |`,
  );
}
const worst = Math.max(...rows.map((row) => row.toFailure));
console.log('');
console.log(
  `goal ≤ 10 s to failure: ${worst <= 10 ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)} s)`,
);
