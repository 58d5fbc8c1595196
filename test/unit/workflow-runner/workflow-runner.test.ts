import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandMatrix, orderJobs, resolveUses, runWorkflow } from '../../e2e/workflow-runner.js';

const actionsRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'cli', 'fixtures');

describe('job order', () => {
  test('every job after the jobs it needs', () => {
    const order = orderJobs({
      deploy: { needs: ['build', 'scan'] },
      scan: { needs: 'build' },
      build: {},
      verify: { needs: 'deploy' },
    });
    expect(order).toEqual(['build', 'scan', 'deploy', 'verify']);
  });
  test('cycles and unknown needs are errors naming the jobs', () => {
    expect(() => orderJobs({ a: { needs: 'b' }, b: { needs: 'a' } })).toThrow('a → b → a');
    expect(() => orderJobs({ a: { needs: 'nope' } })).toThrow("needs unknown job 'nope'");
  });
});

describe('matrix', () => {
  test('cartesian product with include and exclude', () => {
    expect(
      expandMatrix({
        image: ['api', 'frontend'],
        env: ['staging'],
        exclude: [{ image: 'frontend' }],
        include: [{ image: 'api', dockerfile: 'Dockerfile.api' }, { image: 'worker' }],
      }),
    ).toEqual([
      { image: 'api', env: 'staging', dockerfile: 'Dockerfile.api' },
      { image: 'worker' },
    ]);
  });
});

describe('uses: mapping', () => {
  test.each([
    ['org/oasis-actions/actions/scan@v1', { dir: '/oasis/actions/scan' }],
    ['org/oasis-actions/scan@v1', { dir: '/oasis/actions/scan' }],
    ['org/oasis-actions/deploy@v1', { dir: '/oasis/deploy' }],
    ['org/oasis-actions@v1', { dir: '/oasis' }],
    ['./actions/scan', { dir: '/repo/actions/scan' }],
  ])('%s', (uses, expected) => {
    expect(resolveUses(uses, '/repo', '/oasis')).toEqual(expected);
  });
  test('third-party actions are no-ops with a note', () => {
    expect(resolveUses('actions/checkout@v4', '/repo', '/oasis')).toEqual({
      skip: 'third-party action actions/checkout@v4 is not run locally (no-op)',
    });
  });
});

describe('running a workflow', () => {
  jest.setTimeout(60_000);
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'oasis-wf-test-'));
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  const write = (text: string) => {
    const file = join(workspace, 'workflow.yml');
    writeFileSync(file, text);
    return file;
  };

  test('needs, outputs, env levels, GITHUB_ENV, if:, environments, actions and post steps', async () => {
    const workflow = write(`
name: test
on:
  push:
  workflow_dispatch:
    inputs:
      target:
        type: string
        default: staging
env:
  WORKFLOW_LEVEL: w
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      said: \${{ steps.echo.outputs.said }}
      from-run: \${{ steps.script.outputs.value }}
    env:
      JOB_LEVEL: j
    steps:
      - uses: actions/checkout@v4
      - id: script
        env:
          STEP_LEVEL: s
        run: |
          echo "levels=$WORKFLOW_LEVEL$JOB_LEVEL$STEP_LEVEL"
          echo "value=computed-\${{ github.ref_name }}" >> "$GITHUB_OUTPUT"
          echo "LATER=from-env-file" >> "$GITHUB_ENV"
      - run: echo "later=$LATER"
      - id: echo
        uses: org/oasis-actions/actions/echo-action@v1
        with:
          greeting: hello \${{ inputs.target }}
          password: \${{ secrets.KUBECONFIG }}
      - if: failure()
        run: echo "never printed"
  deploy:
    needs: build
    if: github.ref == 'refs/heads/main'
    environment: production
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "got \${{ needs.build.outputs.said }} / \${{ needs.build.outputs.from-run }}"
          echo "kubeconfig \${{ secrets.KUBECONFIG }} var \${{ vars.CLUSTER }}"
  pr-only:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  after-skip:
    needs: pr-only
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
`);
    const lines: string[] = [];
    const result = await runWorkflow({
      workflow,
      workspace,
      context: {
        event: 'push',
        ref: 'refs/heads/main',
        sha: 'b'.repeat(40),
        repository: 'acme/api',
      },
      secrets: { KUBECONFIG: 'repo-level-kubeconfig' },
      vars: { CLUSTER: 'repo' },
      environments: {
        production: {
          secrets: { KUBECONFIG: 'prod-kubeconfig-secret' },
          vars: { CLUSTER: 'prod' },
        },
      },
      actionsRoot,
      onLog: (line) => lines.push(line),
    });
    expect(result.conclusion).toBe('success');
    expect(result.jobs.build.outputs).toEqual({
      said: 'hello staging',
      'from-run': 'computed-main',
    });
    expect(lines).toContain('[build]   levels=wjs');
    expect(lines).toContain('[build]   later=from-env-file');
    expect(lines).toContain(
      '[build]   note: third-party action actions/checkout@v4 is not run locally (no-op)',
    );
    expect(lines).toContain('[build]   post: cleanup was pending');
    expect(lines).toContain('[deploy]   got hello staging / computed-main');
    // Environment secrets replace repository ones, and are masked.
    expect(lines).toContain('[deploy]   kubeconfig *** var prod');
    expect(lines.join('\n')).not.toContain('prod-kubeconfig-secret');
    expect(lines.join('\n')).not.toContain('repo-level-kubeconfig');
    expect(result.jobs.build.steps.find((s) => s.name === 'echo "never printed"')?.outcome).toBe(
      'skipped',
    );
    expect(result.jobs['pr-only'].result).toBe('skipped');
    expect(result.jobs['after-skip'].result).toBe('skipped');
    expect(result.jobs.deploy.environment).toBe('production');
    expect(result.summary).toContain('<td>hello staging</td>');
  });

  test('a failed step fails the job, skips the rest, runs failure() steps; continue-on-error', async () => {
    const workflow = write(`
on: push
jobs:
  one:
    runs-on: ubuntu-latest
    steps:
      - id: flaky
        continue-on-error: true
        run: exit 3
      - run: echo "outcome=\${{ steps.flaky.outcome }} conclusion=\${{ steps.flaky.conclusion }}"
      - id: broken
        uses: org/oasis-actions/actions/echo-action@v1
        with:
          greeting: x
          fail: rollout failed
      - run: echo "not reached"
      - if: failure() && steps.broken.outcome == 'failure'
        run: echo "rolling back"
  two:
    needs: one
    runs-on: ubuntu-latest
    steps:
      - run: echo "not reached either"
  report:
    needs: [one, two]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "one=\${{ needs.one.result }} two=\${{ needs.two.result }}"
`);
    const lines: string[] = [];
    const result = await runWorkflow({
      workflow,
      workspace,
      context: {
        event: 'push',
        ref: 'refs/heads/main',
        sha: 'c'.repeat(40),
        repository: 'acme/api',
      },
      actionsRoot,
      onLog: (line) => lines.push(line),
    });
    expect(result.conclusion).toBe('failure');
    expect(lines).toContain('[one]   Error: Process completed with exit code 3.');
    expect(lines).toContain('[one]   outcome=failure conclusion=success');
    expect(lines).toContain('[one]   Error: rollout failed');
    expect(lines).not.toContain('[one]   not reached');
    expect(lines).toContain('[one]   rolling back');
    expect(result.jobs.two.result).toBe('skipped');
    expect(lines).toContain('[report]   one=failure two=skipped');
  });

  test('matrix jobs and a reusable workflow call', async () => {
    writeFileSync(
      join(workspace, 'called.yml'),
      `
on:
  workflow_call:
    inputs:
      who:
        type: string
        required: true
    secrets:
      token:
        required: true
    outputs:
      greeting:
        value: \${{ jobs.inner.outputs.greeting }}
jobs:
  inner:
    runs-on: ubuntu-latest
    outputs:
      greeting: \${{ steps.say.outputs.greeting }}
    steps:
      - id: say
        run: |
          echo "token \${{ secrets.token }}"
          echo "greeting=hi \${{ inputs.who }}" >> "$GITHUB_OUTPUT"
`,
    );
    const workflow = write(`
on: push
jobs:
  each:
    strategy:
      matrix:
        image: [api, frontend]
    runs-on: ubuntu-latest
    steps:
      - run: echo "building \${{ matrix.image }}"
  call:
    needs: each
    uses: ./called.yml
    with:
      who: \${{ github.actor }}
    secrets:
      token: \${{ secrets.DEPLOY_TOKEN }}
  use:
    needs: call
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.call.outputs.greeting }}"
`);
    const lines: string[] = [];
    const result = await runWorkflow({
      workflow,
      workspace,
      context: {
        event: 'push',
        ref: 'refs/heads/main',
        sha: 'd'.repeat(40),
        repository: 'acme/api',
        actor: 'octo',
      },
      secrets: { DEPLOY_TOKEN: 'deploy-token-value' },
      actionsRoot,
      onLog: (line) => lines.push(line),
    });
    expect(result.conclusion).toBe('success');
    expect(lines).toContain('[each (api)]   building api');
    expect(lines).toContain('[each (frontend)]   building frontend');
    expect(lines).toContain('[call / inner]   token ***');
    expect(lines).toContain('[use]   hi octo');
    expect(result.jobs.call.outputs).toEqual({ greeting: 'hi octo' });
  });
});
