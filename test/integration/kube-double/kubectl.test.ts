/**
 * A second real client: kubectl (/usr/bin/kubectl) pointed at the double through a kubeconfig
 * file. `kubectl apply --server-side`, `kubectl get`, `kubectl rollout status/undo/history`,
 * `kubectl scale`, `kubectl logs` behave as against a cluster.
 */
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { env, eventually, sampleDeployment, sampleService } from './helpers.js';

jest.setTimeout(180_000);

let double: KubeDouble;
let dir: string;

beforeAll(async () => {
  double = await startKubeDouble({ speed: 5 });
  dir = mkdtempSync(join(tmpdir(), 'oasis-kubectl-'));
  writeFileSync(join(dir, 'kubeconfig'), double.kubeconfig, { mode: 0o600 });
});
afterAll(async () => {
  await double?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', join(dir, 'kubeconfig'), ...args],
      { timeout: 120_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function manifest(image: string): string {
  const file = join(dir, `web-${Math.random().toString(16).slice(2)}.yaml`);
  writeFileSync(
    file,
    [sampleDeployment('web', image, { replicas: 2 }), sampleService('web')]
      .map((d) => dump(d))
      .join('---\n'),
  );
  return file;
}

test('apply --server-side, rollout status, get', async () => {
  const applied = await kubectl('apply', '--server-side', '-f', manifest(env('OASIS_SAMPLE_V1')));
  expect(applied).toMatchObject({
    code: 0,
    stdout: 'deployment.apps/web serverside-applied\nservice/web serverside-applied\n',
  });
  const status = await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s');
  expect(status.code).toBe(0);
  expect(status.stdout).toContain('deployment "web" successfully rolled out');
  const get = await kubectl('get', 'deployment', 'web');
  expect(get.stdout).toMatch(
    /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+2\/2\s+2\s+2\s+\S+\n$/,
  );
  const pods = await kubectl(
    'get',
    'pods',
    '-l',
    'app=web',
    '-o',
    'jsonpath={.items[*].status.podIP}',
  );
  expect(pods.stdout.split(' ')).toEqual([
    expect.stringMatching(/^127\.1\.\d+\.\d+$/),
    expect.stringMatching(/^127\.1\.\d+\.\d+$/),
  ]);
  const describe = await kubectl('describe', 'service', 'web');
  expect(describe.code).toBe(0);
  expect(describe.stdout).toMatch(/Endpoints:\s+127\.1\.\d+\.\d+:8080,127\.1\.\d+\.\d+:8080\n/);
  const nodes = await kubectl('get', 'nodes');
  expect(nodes.stdout).toMatch(/oasis-double-node\s+Ready\s+control-plane/);
  const json = JSON.parse(
    (await kubectl('get', 'deployment', 'web', '-o', 'json', '--show-managed-fields')).stdout,
  );
  expect(json.metadata.managedFields[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply' });
});

test('a field another manager took is a conflict kubectl explains; --force-conflicts takes it back', async () => {
  expect((await kubectl('scale', 'deployment/web', '--replicas=3')).code).toBe(0);
  const conflict = await kubectl('apply', '--server-side', '-f', manifest(env('OASIS_SAMPLE_V1')));
  expect(conflict.code).not.toBe(0);
  expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with');
  expect(conflict.stderr).toContain('.spec.replicas');
  expect(conflict.stderr).toContain('--force-conflicts');
  const forced = await kubectl(
    'apply',
    '--server-side',
    '--force-conflicts',
    '-f',
    manifest(env('OASIS_SAMPLE_V1')),
  );
  expect(forced.code).toBe(0);
  expect((await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s')).code).toBe(0);
});

test('a new image rolls out; rollout history and undo go back to revision 1', async () => {
  expect(
    (await kubectl('apply', '--server-side', '-f', manifest(env('OASIS_SAMPLE_V2')))).code,
  ).toBe(0);
  expect((await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s')).code).toBe(0);
  const history = await kubectl('rollout', 'history', 'deployment/web');
  expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  // Pods of the old ReplicaSet may still be terminating when rollout status returns (as on a
  // cluster); logs are read once only the new ones are left.
  await eventually('old pods gone', async () => {
    const names = (await kubectl('get', 'pods', '-l', 'app=web', '-o', 'name')).stdout
      .trim()
      .split('\n');
    return names.length === 2;
  });
  const logs = await kubectl('logs', 'deployment/web', '--tail=5');
  expect(logs.stdout).toContain('version 2.0.0');
  expect((await kubectl('rollout', 'undo', 'deployment/web')).stdout).toContain('rolled back');
  expect((await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s')).code).toBe(0);
  const image = await kubectl(
    'get',
    'deployment',
    'web',
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  );
  expect(image.stdout).toBe(env('OASIS_SAMPLE_V1'));
  const revision = await kubectl(
    'get',
    'deployment',
    'web',
    '-o',
    "jsonpath={.metadata.annotations['deployment\\.kubernetes\\.io/revision']}",
  );
  expect(revision.stdout).toBe('3');
  const rs = await kubectl('get', 'rs', '-l', 'app=web', '-o', 'json');
  const v1Rs = JSON.parse(rs.stdout).items.find(
    (r: { spec: { template: { spec: { containers: Array<{ image: string }> } } } }) =>
      r.spec.template.spec.containers[0].image === env('OASIS_SAMPLE_V1'),
  );
  expect(v1Rs.metadata.annotations).toMatchObject({
    'deployment.kubernetes.io/revision': '3',
    'deployment.kubernetes.io/revision-history': '1',
  });
});

test('rollout status reports a stuck rollout as exceeding its progress deadline', async () => {
  const file = join(dir, 'stuck.yaml');
  writeFileSync(
    file,
    dump(
      sampleDeployment('stuck', env('OASIS_SAMPLE_NEVER_READY'), {
        replicas: 1,
        progressDeadlineSeconds: 2,
      }),
    ),
  );
  expect((await kubectl('apply', '--server-side', '-f', file)).code).toBe(0);
  const status = await kubectl('rollout', 'status', 'deployment/stuck', '--timeout=60s');
  expect(status.code).not.toBe(0);
  expect(status.stderr).toContain('deployment "stuck" exceeded its progress deadline');
});

test('a wrong token: kubectl gets 401 and says so', async () => {
  const bad = join(dir, 'bad-kubeconfig');
  writeFileSync(bad, double.kubeconfig.replace(double.token, 'wrong-token'), { mode: 0o600 });
  const r = await new Promise<{ stderr: string }>((resolve) =>
    execFile('kubectl', ['--kubeconfig', bad, 'get', 'pods'], (_e, _o, stderr) =>
      resolve({ stderr }),
    ),
  );
  expect(r.stderr).toMatch(/Unauthorized|You must be logged in to the server/);
  expect(r.stderr).not.toContain(double.token);
});

test('a paused Deployment does not roll out a new template but still scales; resume rolls it out', async () => {
  expect((await kubectl('rollout', 'pause', 'deployment/web')).code).toBe(0);
  expect(
    (await kubectl('set', 'image', 'deployment/web', `app=${env('OASIS_SAMPLE_V2')}`)).code,
  ).toBe(0);
  expect((await kubectl('scale', 'deployment/web', '--replicas=3')).code).toBe(0);
  await eventually('scaled while paused', async () => {
    const out = await kubectl(
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.status.availableReplicas} {.status.updatedReplicas}',
    );
    return out.stdout === '3 ' || out.stdout === '3 0' ? true : undefined;
  });
  const progressing = await kubectl(
    'get',
    'deployment',
    'web',
    '-o',
    'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
  );
  expect(progressing.stdout).toBe('DeploymentPaused');
  expect((await kubectl('rollout', 'resume', 'deployment/web')).code).toBe(0);
  expect((await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s')).code).toBe(0);
  const image = await kubectl(
    'get',
    'deployment',
    'web',
    '-o',
    'jsonpath={.status.updatedReplicas} {.status.availableReplicas}',
  );
  expect(image.stdout).toBe('3 3');
});
