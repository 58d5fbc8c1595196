import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { DEPLOY_INPUTS, STAGE_INPUTS } from '../../../src/deploy/inputs.js';

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}
const load = (path: string) => yaml.load(readFileSync(path, 'utf8')) as ActionYaml;
const STEP_ACTION = {
  build: 'build-image',
  scan: 'scan',
  approval: 'manual-approval',
  gitops: 'update-gitops-manifest',
  rollout: 'k8s-rollout',
  verify: 'post-deploy-verify',
} as const;
// Deploy inputs whose default deliberately differs from the step's, with the reason.
const DIFFERENT_DEFAULTS = new Set([
  'fail-on-inconclusive', // deploy: an unverified release is a failed one
  'environment', // deploy names the environment; the approval step has no default
]);

describe('deploy action interface', () => {
  const deploy = load('deploy/action.yml');

  it('the root action.yml is the same interface as deploy/action.yml', () => {
    const root = load('action.yml');
    expect(root.inputs).toEqual(deploy.inputs);
    expect(root.outputs).toEqual(deploy.outputs);
    expect(root.runs).toEqual({ using: 'node24', main: 'dist/deploy/index.js' });
    expect(deploy.runs).toEqual({ using: 'node24', main: '../dist/deploy/index.js' });
  });

  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(deploy.inputs).sort()).toEqual([...DEPLOY_INPUTS].sort());
  });

  it.each(Object.entries(STEP_ACTION))(
    'passes %s inputs on with the same defaults as the step',
    (stage, step) => {
      const stepYaml = load(`actions/${step}/action.yml`);
      const table = STAGE_INPUTS[stage as keyof typeof STAGE_INPUTS] as Record<string, string>;
      for (const [stepInput, deployInput] of Object.entries(table)) {
        expect(stepYaml.inputs).toHaveProperty([stepInput]);
        if (DIFFERENT_DEFAULTS.has(deployInput)) continue;
        const stepDefault = stepYaml.inputs[stepInput].default ?? '';
        const deployDefault = deploy.inputs[deployInput].default ?? '';
        expect({ input: deployInput, default: deployDefault }).toEqual({
          input: deployInput,
          default: stepDefault,
        });
      }
    },
  );
});
