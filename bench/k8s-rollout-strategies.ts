/**
 * k8s-rollout strategies benchmark on the kube double with real containers, judged by real HTTP
 * through the Service port:
 * - rolling and blue-green v1 → v2 under continuous traffic: step duration, requests served,
 *   failed requests, and for blue-green the time from the selector switch to the last v1 answer;
 * - canary by replica ratio: for each weight, the replicas used and the v2 share measured over
 *   N requests against the weight asked for.
 * Run: node --import tsx bench/k8s-rollout-strategies.ts [requests-per-weight]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../src/k8s-rollout/inputs.js';
import { k8sRollout } from '../src/k8s-rollout/k8s-rollout.js';
import { mapInputs } from '../src/shared/inputs.js';
import { startKubeDouble } from '../test/stack/kube/index.js';
import { acquireStack, releaseStack } from '../test/stack/shared-stack.js';
import { sampleManifests, startProber, versions } from '../test/integration/k8s-rollout/helpers.js';

const NS = 'bench';
const perWeight = Number(process.argv[2] ?? 200);
const stack = await acquireStack((line) => console.error(line));
const double = await startKubeDouble({ namespaces: [NS] });
const dir = mkdtempSync(join(tmpdir(), 'k8s-rollout-strategies-'));

async function run(manifests: string, inputs: Record<string, string>, lines: string[] = []) {
  writeFileSync(join(dir, 'app.yaml'), manifests);
  const config = getInputs(
    mapInputs({
      manifests: 'app.yaml',
      workspace: dir,
      kubeconfig: double.kubeconfig,
      namespace: NS,
      timeout: '120s',
      ...inputs,
    }),
  );
  const started = performance.now();
  const result = await k8sRollout(config, { log: (line) => lines.push(`${Date.now()} ${line}`) });
  if (result.error) throw new Error(result.error);
  return { result, seconds: (performance.now() - started) / 1000 };
}

const switchRows: string[] = [];
const canaryRows: string[] = [];
try {
  for (const strategy of ['rolling', 'blue-green'] as const) {
    const name = strategy === 'rolling' ? 'roll' : 'bg';
    const inputs = { strategy, 'keep-previous': '0s' };
    await run(sampleManifests({ name, image: stack.OASIS_SAMPLE_V1, replicas: 3 }), inputs);
    const url = double.serviceUrl(NS, name)!;
    const prober = startProber(() => url, 5);
    const lines: string[] = [];
    const { seconds } = await run(
      sampleManifests({ name, image: stack.OASIS_SAMPLE_V2, replicas: 3 }),
      inputs,
      lines,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const records = await prober.stop();
    const failed = records.filter((record) => !record.ok).length;
    let cutover = '';
    const switched = lines.find((line) => line.includes('traffic switched'));
    if (switched) {
      const at = Number(switched.split(' ')[0]);
      const lastV1 = Math.max(
        0,
        ...records.filter((record) => record.body === '1.0.0').map((record) => record.end),
      );
      cutover = `${Math.max(0, (lastV1 - at) / 1000).toFixed(2)} s`;
    } else {
      const v1 = records.filter((record) => record.body === '1.0.0').map((record) => record.end);
      const v2 = records.filter((record) => record.body === '2.0.0').map((record) => record.start);
      cutover = `mixed for ${((Math.max(...v1) - Math.min(...v2)) / 1000).toFixed(2)} s`;
    }
    switchRows.push(
      `| ${strategy} | 3 | ${seconds.toFixed(2)} | ${records.length} | ${failed} | ${cutover} |`,
    );
  }

  await run(sampleManifests({ name: 'cn', image: stack.OASIS_SAMPLE_V1, replicas: 3 }), {
    strategy: 'canary',
  });
  const url = double.serviceUrl(NS, 'cn')!;
  for (const weight of [10, 25, 50, 75]) {
    const { result, seconds } = await run(
      sampleManifests({ name: 'cn', image: stack.OASIS_SAMPLE_V2, replicas: 3 }),
      {
        strategy: 'canary',
        steps: String(weight),
        'step-pause': '0s',
      },
    );
    const answers = await versions(url, perWeight);
    const share = (answers.filter((answer) => answer === '2.0.0').length / answers.length) * 100;
    const canary = result.resources.find((resource) => resource.name === 'cn-canary');
    canaryRows.push(
      `| ${weight} | ${canary?.state.match(/\((\d+) replicas\)/)?.[1] ?? '?'} + 3 stable | ${result.canaryWeight} | ${share.toFixed(1)} | ${seconds.toFixed(2)} |`,
    );
    await run(sampleManifests({ name: 'cn', image: stack.OASIS_SAMPLE_V2, replicas: 3 }), {
      strategy: 'canary',
      action: 'abort',
    });
  }
} finally {
  await double.stop();
  rmSync(dir, { recursive: true, force: true });
  await releaseStack();
}

console.log(
  'k8s-rollout strategies on the kube double (real containers, real HTTP through the Service port)',
);
console.log('');
console.log('| strategy | replicas | step (s) | requests during step | failed | v1 after switch |');
console.log('|---|---|---|---|---|---|');
for (const row of switchRows) console.log(row);
console.log('');
console.log(`canary by replica ratio, ${perWeight} requests per weight:`);
console.log('');
console.log('| weight asked (%) | pods | weight by pods (%) | v2 share measured (%) | step (s) |');
console.log('|---|---|---|---|---|');
for (const row of canaryRows) console.log(row);
