/**
 * The README's examples stay true as the actions evolve: every YAML snippet parses, every oasis
 * action or reusable workflow it uses exists at a pinnable ref and declares every input it
 * passes, required inputs are given, complete workflows validate against the workflow schema,
 * inline checks and the ignore file parse, and every action has its section (deploy first, then
 * the steps in pipeline order) with a minimal and a full example and its permissions.
 */
import { validateWorkflow } from '@action-validator/core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { loadAction, packageRoot } from '../../../src/cli/action-metadata.js';
import { parseChecks } from '../../../src/post-deploy-verify/checks.js';
import { parseIgnoreFile } from '../../../src/scan/ignore-file.js';
import type { InputSource } from '../../../src/shared/inputs.js';
import { getInputs as buildImageInputs } from '../../../src/build-image/inputs.js';
import { getInputs as deployInputs } from '../../../src/deploy/inputs.js';
import { getInputs as k8sRolloutInputs } from '../../../src/k8s-rollout/inputs.js';
import { getInputs as manualApprovalInputs } from '../../../src/manual-approval/inputs.js';
import { getInputs as verifyInputs } from '../../../src/post-deploy-verify/inputs.js';
import { getInputs as scanInputs } from '../../../src/scan/inputs.js';
import { getInputs as gitopsInputs } from '../../../src/update-gitops-manifest/inputs.js';

type Doc = Record<string, unknown>;

const ROOT = packageRoot();
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ACTIONS_REPO = 'org/oasis-actions';
const SECTIONS = [
  ['deploy (the whole pipeline)', 'deploy'],
  ['build-image', 'actions/build-image'],
  ['scan', 'actions/scan'],
  ['manual-approval', 'actions/manual-approval'],
  ['update-gitops-manifest', 'actions/update-gitops-manifest'],
  ['k8s-rollout', 'actions/k8s-rollout'],
  ['post-deploy-verify', 'actions/post-deploy-verify'],
] as const;

interface Block {
  line: number;
  text: string;
  doc: unknown;
}

/** Every ```yaml block of a markdown text, with the line it starts on. */
function yamlBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ line, text: match[1], doc: yaml.load(match[1]) });
  }
  return blocks;
}

/** Steps of a snippet: a workflow's job steps, a list of steps, or one step. */
function stepsOf(doc: unknown): Doc[] {
  if (Array.isArray(doc)) return doc as Doc[];
  if (!doc || typeof doc !== 'object') return [];
  const record = doc as Doc;
  if (record.jobs) {
    return Object.values(record.jobs as Record<string, Doc>).flatMap(
      (job) => (job.steps as Doc[] | undefined) ?? [],
    );
  }
  return typeof record.uses === 'string' ? [record] : [];
}

function jobsOf(doc: unknown): Doc[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [];
  return Object.values(((doc as Doc).jobs as Record<string, Doc> | undefined) ?? {});
}

/** `org/oasis-actions[/path]@ref` → the path in this repository ('' for the root action). */
function oasisPath(uses: string): { path: string; ref: string } | undefined {
  const match = /^([^/@]+\/[^/@]+)(?:\/([^@]+))?@(.+)$/.exec(uses);
  if (!match || match[1] !== ACTIONS_REPO) return undefined;
  return { path: match[2] ?? '', ref: match[3] };
}

const blocks = yamlBlocks(README);

/** Each action's own validation, as its main.ts runs it (path in this repository → getInputs). */
const VALIDATE: Record<string, (source: InputSource, env: NodeJS.ProcessEnv) => unknown> = {
  '': deployInputs,
  deploy: deployInputs,
  'actions/build-image': buildImageInputs,
  'actions/scan': scanInputs,
  'actions/manual-approval': (source) => manualApprovalInputs(source),
  'actions/update-gitops-manifest': gitopsInputs,
  'actions/k8s-rollout': (source) => k8sRolloutInputs(source),
  'actions/post-deploy-verify': (source) => verifyInputs(source),
};

const DIGEST_REF = `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`;

/** A plausible value for a `${{ … }}` expression of the examples, as a runner would fill in. */
function expressionValue(expression: string): string {
  if (/image-ref/.test(expression)) return DIGEST_REF;
  if (/github\.sha/.test(expression)) return 'f'.repeat(40);
  if (/PROMETHEUS_URL/.test(expression)) return 'http://prometheus.example:9090';
  if (/APP_URL/.test(expression)) return 'https://app.example';
  if (/github\.repository\b/.test(expression)) return 'acme/api';
  if (/github\.actor/.test(expression)) return 'octocat';
  return 'value';
}

const fill = (text: string) =>
  text.replace(/\$\{\{([^}]*)\}\}/g, (_all, expression: string) => expressionValue(expression));

/** A workspace holding every file the examples name, so their inputs validate as on a runner. */
function exampleWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oasis-readme-'));
  const checks = '- name: health\n  url: /health\n  expect:\n    status: 200\n';
  const files: Record<string, string> = {
    Dockerfile: 'FROM scratch\n',
    'services/api/Dockerfile': 'FROM scratch\nFROM scratch AS runtime\n',
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\n',
    '.oasis/verify.yaml': checks,
    '.oasis/smoke.yaml': checks,
    '.oasis/canary-checks.yaml': checks,
    '.oasis/scan-ignore.yaml': 'ignores: []\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('README.md', () => {
  test('has YAML examples, and every one parses', () => {
    expect(blocks.length).toBeGreaterThan(15);
  });

  test.each(blocks.map((block) => [block.line, block] as const))(
    'the example at line %i uses only declared inputs, gives the required ones, at a pinnable ref',
    (_line, block) => {
      for (const step of stepsOf(block.doc)) {
        if (typeof step.uses !== 'string') continue;
        const target = oasisPath(step.uses);
        if (!target) continue;
        expect({ uses: step.uses, ref: /^(v1|[0-9a-f]{40})$/.test(target.ref) }).toEqual({
          uses: step.uses,
          ref: true,
        });
        const action = loadAction(join(ROOT, target.path));
        const given = Object.keys((step.with as Doc | undefined) ?? {});
        for (const input of given) {
          expect({ uses: step.uses, input, declared: input in action.inputs }).toEqual({
            uses: step.uses,
            input,
            declared: true,
          });
        }
        for (const [input, spec] of Object.entries(action.inputs)) {
          if (spec.required)
            expect({ uses: step.uses, given: given.includes(input) }).toEqual({
              uses: step.uses,
              given: true,
            });
        }
      }
      for (const job of jobsOf(block.doc)) {
        if (typeof job.uses !== 'string') continue;
        const target = oasisPath(job.uses);
        expect(target?.path).toBe('.github/workflows/deploy.yml');
        const workflow = yaml.load(readFileSync(join(ROOT, target!.path), 'utf8')) as Doc;
        const call = ((workflow.on as Doc).workflow_call ?? {}) as Doc;
        const inputs = (call.inputs ?? {}) as Record<string, Doc>;
        const given = Object.keys((job.with as Doc | undefined) ?? {});
        for (const name of given) expect(Object.keys(inputs)).toContain(name);
        for (const [name, spec] of Object.entries(inputs)) {
          if (spec.required === true) expect(given).toContain(name);
        }
        if (job.secrets !== 'inherit') {
          const secrets = Object.keys((call.secrets ?? {}) as Doc);
          for (const name of Object.keys((job.secrets as Doc | undefined) ?? {})) {
            expect(secrets).toContain(name);
          }
        }
      }
    },
  );

  describe("every example passes its action's own input validation", () => {
    let workspace = '';
    const saved: NodeJS.ProcessEnv = {};
    const env = (): NodeJS.ProcessEnv => ({
      ...process.env,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: workspace,
      HOME: workspace,
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_ACTOR: 'octocat',
    });
    beforeAll(() => {
      workspace = exampleWorkspace();
      // Some steps read the workspace from process.env, as on a runner.
      for (const [key, value] of Object.entries(env())) {
        if (process.env[key] === value) continue;
        saved[key] = process.env[key];
        process.env[key] = value;
      }
    });
    afterAll(() => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(workspace, { recursive: true, force: true });
    });

    const uses = blocks.flatMap((block) =>
      stepsOf(block.doc)
        .filter((step) => typeof step.uses === 'string' && oasisPath(String(step.uses)))
        .map((step) => [`line ${block.line}: ${String(step.uses)}`, step] as const),
    );

    test.each(uses)('%s', (_name, step) => {
      const path = oasisPath(String(step.uses))!.path;
      const action = loadAction(join(ROOT, path));
      const given = (step.with as Doc | undefined) ?? {};
      const source: InputSource = (name) => {
        if (name in given) return fill(String(given[name]));
        return fill(action.inputs[name]?.default ?? '');
      };
      expect(() => VALIDATE[path](source, env())).not.toThrow();
    });
  });

  test('complete workflows validate against the GitHub workflow schema', () => {
    const workflows = blocks.filter(
      (block) => block.doc && typeof block.doc === 'object' && 'jobs' in (block.doc as Doc),
    );
    expect(workflows.length).toBeGreaterThanOrEqual(4);
    for (const block of workflows) {
      expect({ line: block.line, errors: validateWorkflow(block.text).errors }).toEqual({
        line: block.line,
        errors: [],
      });
    }
  });

  test('inline checks parse with the post-deploy-verify schema', () => {
    const inline = blocks
      .flatMap((block) => stepsOf(block.doc))
      .filter((step) => String(step.uses).includes('post-deploy-verify'))
      .map((step) => String((step.with as Doc).checks))
      .filter((checks) => checks.includes('\n'));
    expect(inline.length).toBeGreaterThan(0);
    for (const text of inline) {
      expect(parseChecks(text, 'README.md', { baseUrl: 'https://example.test' }).length).toBe(1);
    }
  });

  test('the scan ignore-file example parses', () => {
    const ignore = blocks.filter(
      (block) => block.doc && typeof block.doc === 'object' && 'ignores' in (block.doc as Doc),
    );
    expect(ignore).toHaveLength(1);
    const entries = parseIgnoreFile(ignore[0].text, '.oasis/scan-ignore.yaml');
    expect(entries.map((entry) => entry.id)).toEqual(['CVE-2024-6345']);
  });

  test('documents deploy first, then the steps in pipeline order, then the reusable workflow', () => {
    const headings = [...README.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    const order = SECTIONS.map(([heading]) => headings.indexOf(heading));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(headings.indexOf('The reusable workflow')).toBeGreaterThan(order.at(-1)!);
  });

  test.each(SECTIONS.map(([heading, path]) => [heading, path] as const))(
    'section %s: a minimal and a full example, its permissions and its generated tables',
    (heading, path) => {
      const start = README.indexOf(`\n## ${heading}\n`);
      const next = README.indexOf('\n## ', start + 1);
      const section = README.slice(start, next < 0 ? undefined : next);
      const own = yamlBlocks(section).filter((block) =>
        [...stepsOf(block.doc), ...jobsOf(block.doc)].some(
          (step) => oasisPath(String(step.uses))?.path === path,
        ),
      );
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(section).toMatch(/^Minimal\b/m);
      expect(section).toMatch(/^Full\b/m);
      expect(section).toContain('**Permissions.**');
      expect(section).toContain(`**Pin:** \`uses: org/oasis-actions/${path}@v1\``);
      expect(section).toContain(
        `\`uses: org/oasis-actions/${path}@<its 40-character commit SHA> # v1.2.3\``,
      );
      const file = `${path}/action.yml`;
      expect(existsSync(join(ROOT, file))).toBe(true);
      expect(section).toContain(`<!-- action-docs:start ${file} -->`);
      expect(section).toContain(`<!-- action-docs:end ${file} -->`);
    },
  );

  test('the root action.yml has no table of its own: the deploy section names both uses: lines', () => {
    expect(README).not.toContain('<!-- action-docs:start action.yml -->');
    const deploy = README.slice(README.indexOf('<!-- action-docs:start deploy/action.yml -->'));
    expect(deploy).toMatch(
      /`uses: org\/oasis-actions\/deploy@v1` or `uses: org\/oasis-actions@v1`/,
    );
  });
});
