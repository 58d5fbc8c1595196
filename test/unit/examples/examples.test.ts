/**
 * The examples and this repository's workflows stay valid as the actions evolve: each workflow
 * validates against the GitHub workflow schema, every oasis action it uses exists and declares
 * every input the workflow passes, every checks file parses, every manifest is Kubernetes YAML.
 * (They run for real in test/e2e/.)
 */
import { validateWorkflow } from '@action-validator/core';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import yaml from 'js-yaml';
import { loadAction, packageRoot } from '../../../src/cli/action-metadata.js';
import { parseChecks } from '../../../src/post-deploy-verify/checks.js';
import { resolveUses } from '../../e2e/workflow-runner.js';

const ROOT = packageRoot();
const EXAMPLES = join(ROOT, 'examples');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const examples = readdirSync(EXAMPLES).filter((name) =>
  statSync(join(EXAMPLES, name)).isDirectory(),
);
const workflows = [
  ...examples.flatMap((name) =>
    walk(join(EXAMPLES, name, '.github', 'workflows')).map((file) => ({ example: name, file })),
  ),
  ...['deploy.yml', 'release.yml']
    .map((name) => join(ROOT, '.github', 'workflows', name))
    .filter((file) => existsSync(file))
    .map((file) => ({ example: '', file })),
];

type Doc = Record<string, unknown>;

test('there is one example per seed system', () => {
  expect(examples.sort()).toEqual([
    'microservices-platform',
    'oxidizedoasis-websands',
    'rust-auth-service',
    'rust-todo-app',
    'upflame-uac',
  ]);
});

describe.each(workflows.map((w) => [relative(ROOT, w.file), w] as const))(
  '%s',
  (_name, workflow) => {
    const text = readFileSync(workflow.file, 'utf8');
    const doc = yaml.load(text) as Doc;
    const jobs = Object.entries(doc.jobs as Record<string, Doc>);

    test('validates against the workflow schema', () => {
      expect(validateWorkflow(text).errors).toEqual([]);
    });

    test('every oasis action it uses exists and declares every input passed to it', () => {
      const repoDir = workflow.example ? join(EXAMPLES, workflow.example) : ROOT;
      for (const [, job] of jobs) {
        for (const step of (job.steps as Doc[] | undefined) ?? []) {
          if (typeof step.uses !== 'string') continue;
          const target = resolveUses(step.uses, repoDir, ROOT);
          if ('skip' in target) continue;
          const action = loadAction(target.dir);
          const declared = Object.keys(action.inputs);
          for (const input of Object.keys((step.with as Doc | undefined) ?? {})) {
            expect({ uses: step.uses, input, declared: declared.includes(input) }).toEqual({
              uses: step.uses,
              input,
              declared: true,
            });
          }
        }
      }
    });

    test('a reusable workflow call passes only inputs and secrets the called workflow declares', () => {
      for (const [, job] of jobs) {
        if (typeof job.uses !== 'string') continue;
        const match = /^org\/oasis-actions\/(.+)@v1$/.exec(job.uses);
        expect(match).not.toBeNull();
        const called = yaml.load(readFileSync(join(ROOT, match![1]), 'utf8')) as Doc;
        const call = ((called.on as Doc).workflow_call ?? {}) as Doc;
        const inputs = Object.keys((call.inputs as Doc) ?? {});
        for (const name of Object.keys((job.with as Doc) ?? {})) expect(inputs).toContain(name);
        const required = Object.entries((call.inputs as Record<string, Doc>) ?? {})
          .filter(([, spec]) => spec.required === true)
          .map(([name]) => name);
        for (const name of required) expect(Object.keys((job.with as Doc) ?? {})).toContain(name);
      }
    });
  },
);

describe.each(examples)('examples/%s', (example) => {
  const dir = join(EXAMPLES, example);

  test('its Kubernetes manifests are YAML objects with apiVersion, kind and a name', () => {
    const manifests = walk(join(dir, 'k8s')).filter((file) => /\.ya?ml$/.test(file));
    expect(manifests.length).toBeGreaterThan(0);
    for (const file of manifests) {
      for (const doc of yaml.loadAll(readFileSync(file, 'utf8')) as Doc[]) {
        if (!doc) continue;
        expect(typeof doc.apiVersion).toBe('string');
        expect(typeof doc.kind).toBe('string');
        expect(typeof (doc.metadata as Doc).name).toBe('string');
      }
    }
  });

  test('its checks files parse with the post-deploy-verify schema', () => {
    const oasis = join(dir, '.oasis');
    const files = existsSync(oasis)
      ? readdirSync(oasis).filter((name) => name !== 'scan-ignore.yaml')
      : [];
    for (const name of files) {
      const checks = parseChecks(readFileSync(join(oasis, name), 'utf8'), name, {
        baseUrl: 'https://example.test',
        prometheusUrl: 'http://prometheus.test:9090',
        namespace: 'default',
      });
      expect(checks.length).toBeGreaterThan(0);
    }
  });
});
