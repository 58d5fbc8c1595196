/**
 * The k8s-rollout action as GitHub runs it: `node dist/k8s-rollout/index.js` with INPUT_*,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, against the kube double.
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec } from '../../../src/shared/exec.js';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { env, sampleManifests } from './helpers.js';

jest.setTimeout(300_000);

const ROOT = new URL('../../..', import.meta.url).pathname;
const NS = 'action';

function outputs(file: string): Record<string, string> {
  // name<<delimiter\nvalue\ndelimiter
  const text = readFileSync(file, 'utf8');
  const found: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    found[match[1]] = match[3];
  return found;
}

describe('the k8s-rollout action bundle', () => {
  let double: KubeDouble;
  let dir: string;
  beforeAll(async () => {
    double = await startKubeDouble({ namespaces: [NS] });
    dir = mkdtempSync(join(tmpdir(), 'k8s-rollout-action-'));
  });
  afterAll(async () => {
    await double?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the double runs in this process and must keep answering.
  async function action(inputs: Record<string, string>) {
    const outputFile = join(dir, `output-${Date.now()}`);
    const summaryFile = join(dir, `summary-${Date.now()}`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const environment: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: dir,
    };
    for (const [name, value] of Object.entries(inputs))
      environment[`INPUT_${name.toUpperCase()}`] = value;
    const run = await processExec.run(process.execPath, [join(ROOT, 'dist/k8s-rollout/index.js')], {
      env: environment,
      timeoutMs: 240_000,
    });
    return {
      ...run,
      status: run.code,
      outputs: outputs(outputFile),
      summary: readFileSync(summaryFile, 'utf8'),
    };
  }

  test('deploy then a failing deploy: outputs, summary, failure annotation, kubeconfig masked and removed', async () => {
    writeFileSync(
      join(dir, 'app.yaml'),
      sampleManifests({ name: 'act', image: 'registry.invalid/placeholder:1' }),
    );
    const base = {
      kubeconfig: double.kubeconfig,
      namespace: NS,
      manifests: 'app.yaml',
      timeout: '90s',
    };
    const first = await action({
      ...base,
      images: `registry.invalid/placeholder=${env('OASIS_SAMPLE_V1')}`,
    });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.outputs).toMatchObject({
      status: 'succeeded',
      revision: '1',
      'previous-revision': '',
      'rolled-back': 'false',
    });
    expect(JSON.parse(first.outputs.resources)).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'act',
        state: 'complete',
        image: env('OASIS_SAMPLE_V1'),
      }),
      expect.objectContaining({ kind: 'Service', name: 'act', state: 'applied' }),
    ]);
    expect(first.summary.split('\n')[0]).toBe('### ✅ k8s-rollout: succeeded');
    expect(first.stdout).toContain(`::add-mask::${double.token}`);

    const missing = `${env('OASIS_TEST_REGISTRY')}/oasis/sample:missing-tag`;
    const second = await action({ ...base, images: `registry.invalid/placeholder=${missing}` });
    expect(second.status).toBe(1);
    expect(second.outputs).toMatchObject({
      status: 'rolled-back',
      'rolled-back': 'true',
      revision: '3',
      'previous-revision': '1',
      'previous-image': env('OASIS_SAMPLE_V1'),
    });
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(second.outputs['failed-reason']);
    expect(second.stdout).toMatch(
      /^::error::Deployment\/act: Pod\/act-\w+-\w+ container app: (ErrImagePull|ImagePullBackOff): /m,
    );
    expect(second.summary).toContain('↩️ k8s-rollout: rolled-back');
    expect(second.summary).toContain('Recent events');
    // The kubeconfig file lived under RUNNER_TEMP only for the step.
    expect(spawnSync('find', [dir, '-name', 'kubeconfig-*'], { encoding: 'utf8' }).stdout).toBe('');
  });

  test('a manifest mistake is annotated on its file and line, and fails the step', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok }\n---\napiVersion: v1\nkind: ConfigMap\ndata: { a: [unclosed }\n',
    );
    const run = await action({
      kubeconfig: double.kubeconfig,
      namespace: NS,
      manifests: 'bad.yaml',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=bad\.yaml,line=7::bad\.yaml:7: invalid YAML: /m);
  });
});
