/** The bundled action, run as GitHub runs it: INPUT_* env in, GITHUB_OUTPUT and the summary out. */
import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBareRepoAt } from '../../stack/git-server.js';
import { seedFiles, serviceManifest, showFile } from './gitops-repo.js';

jest.setTimeout(60_000);

const root = new URL('../../../', import.meta.url).pathname;
const entry = join(root, 'dist', 'update-gitops-manifest', 'index.js');
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'oasis-gitops-entry-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runAction(inputs: Record<string, string>) {
  const output = join(scratch, `output-${Date.now()}`);
  const summary = join(scratch, `summary-${Date.now()}`);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RUNNER_TEMP: scratch,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: 'acme/app',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise<{
    code: number;
    stdout: string;
    outputs: Record<string, string>;
    summary: string;
  }>((resolve) => {
    const child = spawn(process.execPath, [entry], { env, cwd: scratch });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => {
      const outputs: Record<string, string> = {};
      const text = readFileSync(output, 'utf8');
      const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
      for (let m = re.exec(text); m; m = re.exec(text)) outputs[m[1]] = m[3];
      resolve({ code: code ?? 1, stdout, outputs, summary: readFileSync(summary, 'utf8') });
    });
  });
}

test('the bundle bumps an image and sets every output', async () => {
  expect(existsSync(entry)).toBe(true);
  const bare = join(scratch, 'origin.git');
  createBareRepoAt(bare, seedFiles(2));
  const result = await runAction({
    repository: pathToFileURL(bare).href,
    images: 'registry.example.test/acme/svc-1=7.0.0',
    'max-attempts': '5',
  });
  expect(result.stdout).not.toMatch(/::error::/);
  expect(result.code).toBe(0);
  expect(result.outputs.changed).toBe('true');
  expect(result.outputs['commit-sha']).toMatch(/^[0-9a-f]{40}$/);
  expect(result.outputs.files).toBe('apps/svc-1/deployment.yaml');
  expect(result.outputs['pull-request-number']).toBe('');
  expect(result.outputs.diff).toContain('+          image: registry.example.test/acme/svc-1:7.0.0');
  expect(result.summary).toMatch(/^### ✅ Pushed/);
  expect(result.summary).toContain(
    '| `registry.example.test/acme/svc-1:1.0.0` | `registry.example.test/acme/svc-1:7.0.0` |',
  );
  expect(showFile(bare, 'apps/svc-1/deployment.yaml')).toBe(serviceManifest('svc-1', '7.0.0'));
});

test('a bad input fails the step with the input named', async () => {
  const result = await runAction({
    repository: 'file:///nowhere.git',
    images: 'ghcr.io/acme/api=',
    mode: 'push',
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(
    "::error::input 'images': 'ghcr.io/acme/api=': has no reference after =",
  );
});
