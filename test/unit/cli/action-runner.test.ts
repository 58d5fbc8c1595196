import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputVariable, parseWorkflowCommand, runAction } from '../../../src/cli/action-runner.js';
import { resolveContext, type RunContext } from '../../../src/cli/github-context.js';
import type { Exec } from '../../../src/shared/exec.js';

const fixture = join(
  fileURLToPath(new URL('.', import.meta.url)),
  'fixtures',
  'actions',
  'echo-action',
);
const noGit: Exec = {
  run: async () => ({ code: 128, stdout: '', stderr: 'not a git repository' }),
};

let temp: string;
let context: RunContext;

beforeEach(async () => {
  temp = mkdtempSync(join(tmpdir(), 'oasis-runner-test-'));
  context = await resolveContext(
    {
      event: 'push',
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      repository: 'acme/api',
      actor: 'dev',
      token: 'ghs_fixturetoken',
    },
    { cwd: temp, exec: noGit, env: {} },
  );
});

afterEach(() => rmSync(temp, { recursive: true, force: true }));

describe('input variable names', () => {
  test('as the runner names them: spaces to underscores, upper case, dashes kept', () => {
    expect(inputVariable('image-ref')).toBe('INPUT_IMAGE-REF');
    expect(inputVariable('fail on')).toBe('INPUT_FAIL_ON');
  });
});

describe('workflow commands', () => {
  test('properties and escaped data', () => {
    expect(parseWorkflowCommand('::error file=a%3Ab.yaml,line=3::bad%0Avalue%25')).toEqual({
      name: 'error',
      properties: { file: 'a:b.yaml', line: '3' },
      data: 'bad\nvalue%',
    });
    expect(parseWorkflowCommand('plain text')).toBeUndefined();
  });
});

describe('runAction (a real child process running a real @actions/core action)', () => {
  jest.setTimeout(30_000);

  test('inputs, defaults from expressions, outputs, env, path, state, summary, annotations', async () => {
    const lines: string[] = [];
    const result = await runAction({
      action: fixture,
      inputs: { greeting: 'hello', 'dashed-name': 'kept' },
      context,
      runnerTemp: temp,
      onLog: (line) => lines.push(line),
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ said: 'hello', multi: 'line one\nline two' });
    expect(result.env).toEqual({ GREETED: 'yes' });
    expect(result.path).toEqual(['/opt/fixture/bin']);
    expect(result.state).toEqual({ cleanup: 'pending' });
    expect(result.unexpectedInputs).toEqual(['dashed-name']);
    expect(lines).toContain('saying hello');
    expect(lines).toContain('▸ details');
    expect(lines).toContain('repo=acme/api token-set=true');
    expect(lines).toContain(`event=push ref=refs/heads/main sha=${'a'.repeat(40)}`);
    expect(lines).toContain('event-file-ref=refs/heads/main');
    expect(lines).toContain('dashed=kept');
    expect(lines).toContain('Warning (k8s/app.yaml:3): careful');
    expect(lines.some((line) => line.includes('debug'))).toBe(false);
    expect(result.annotations).toEqual([
      { level: 'warning', message: 'careful', file: 'k8s/app.yaml', line: '3', title: undefined },
    ]);
    expect(result.summary).toContain('<table>');
    expect(result.summary).toContain('<td>greeting</td>');
  });

  test('a masked value never reaches the log; a failure gives exit code 1 and an error line', async () => {
    const lines: string[] = [];
    const result = await runAction({
      action: fixture,
      inputs: { greeting: 'hi', password: 'hunter2-very-secret', fail: 'rollout failed' },
      context,
      runnerTemp: temp,
      debug: true,
      onLog: (line) => lines.push(line),
    });
    expect(result.exitCode).toBe(1);
    expect(lines).toContain('the password is ***');
    expect(lines).toContain('Error: rollout failed');
    expect(lines).toContain('debug: a debug line');
    expect(lines.join('\n')).not.toContain('hunter2-very-secret');
    expect(result.masks).toContain('hunter2-very-secret');
  });

  test('the post phase sees the state the main phase saved', async () => {
    const main = await runAction({
      action: fixture,
      inputs: { greeting: 'x' },
      context,
      runnerTemp: temp,
    });
    const lines: string[] = [];
    const post = await runAction({
      action: fixture,
      inputs: { greeting: 'x' },
      context,
      runnerTemp: temp,
      phase: 'post',
      state: main.state,
      onLog: (line) => lines.push(line),
    });
    expect(post.exitCode).toBe(0);
    expect(lines).toEqual(['post: cleanup was pending']);
  });

  test('INPUT_* of the calling process do not leak into the action', async () => {
    const lines: string[] = [];
    await runAction({
      action: fixture,
      inputs: { greeting: 'x' },
      context,
      runnerTemp: temp,
      baseEnv: { ...process.env, 'INPUT_DASHED-NAME': 'leaked' },
      onLog: (line) => lines.push(line),
    });
    expect(lines).toContain('dashed=');
  });
});
