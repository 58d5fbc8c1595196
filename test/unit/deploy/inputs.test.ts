import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs, PLACEHOLDER_DIGEST } from '../../../src/deploy/inputs.js';
import { deploy } from '../../../src/deploy/deploy.js';
import { mapInputs } from '../../../src/shared/inputs.js';

const workspace = mkdtempSync(join(tmpdir(), 'deploy-inputs-'));
writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
writeFileSync(
  join(workspace, 'app.yaml'),
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers: [{ name: api, image: reg.example/api:old }]\n',
);
const env = {
  GITHUB_WORKSPACE: workspace,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
};
const DIGEST_REF = `reg.example/api@sha256:${'b'.repeat(64)}`;

function read(inputs: Record<string, string>) {
  const saved = process.env.GITHUB_WORKSPACE;
  process.env.GITHUB_WORKSPACE = workspace;
  try {
    return getInputs(mapInputs({ scan: 'off', manifests: 'app.yaml', ...inputs }), env);
  } finally {
    process.env.GITHUB_WORKSPACE = saved;
  }
}

describe('deploy inputs', () => {
  it('validates every stage up front and names the deploy input, not the step input', () => {
    expect(() => read({ 'image-ref': DIGEST_REF, 'rollout-timeout': 'soon' })).toThrow(
      "input 'rollout-timeout': 'soon' is not a duration",
    );
    expect(() => read({ 'image-ref': DIGEST_REF, scan: 'required', 'fail-on': 'HIHG' })).toThrow(
      "input 'fail-on': 'HIHG' is not one of",
    );
    expect(() =>
      read({ 'image-ref': DIGEST_REF, approvers: 'alice', 'approval-timeout': 'x' }),
    ).toThrow("input 'approval-timeout'");
    expect(() => read({ images: 'reg.example/API Bad' })).toThrow("input 'images'");
  });

  it('refuses conflicting or missing delivery settings with the fix', () => {
    expect(() => read({ 'image-ref': DIGEST_REF, images: 'reg.example/api' })).toThrow(
      "input 'images': conflicts with input 'image-ref'",
    );
    expect(() => read({ 'image-ref': DIGEST_REF, manifests: '' })).toThrow(
      "input 'manifests': is required with mode 'direct'",
    );
    expect(() => read({ 'image-ref': DIGEST_REF, mode: 'gitops' })).toThrow(
      "input 'gitops-repository': is required with mode 'gitops'",
    );
    expect(() => read({ 'image-ref': 'not an image' })).toThrow("input 'image-ref'");
    expect(() => read({ images: 'reg.example/api', push: 'false' })).toThrow("input 'push'");
  });

  it('fills the real image reference into every stage that names it', () => {
    const config = read({
      images: 'reg.example/api',
      scan: 'required',
      approvers: 'alice',
      'github-token': 'ghs_test',
    });
    expect(config.imageName).toBe('reg.example/api');
    expect(config.rollout!.images).toEqual([
      { name: 'reg.example/api', ref: `reg.example/api@${PLACEHOLDER_DIGEST}` },
    ]);
    const stages = config.withImage(DIGEST_REF);
    expect(stages.scan!.target).toEqual({ kind: 'image', ref: DIGEST_REF });
    expect(stages.approval!.imageRef).toBe(DIGEST_REF);
    expect(stages.rollout!.images).toEqual([{ name: 'reg.example/api', ref: DIGEST_REF }]);
  });

  it('treats an inconclusive verification as a failure unless told otherwise', () => {
    const checks = 'checks:\n  - url: http://127.0.0.1:1/health\n';
    expect(read({ 'image-ref': DIGEST_REF, checks }).verify!.failOnInconclusive).toBe(true);
    expect(
      read({ 'image-ref': DIGEST_REF, checks, 'fail-on-inconclusive': 'false' }).verify!
        .failOnInconclusive,
    ).toBe(false);
  });

  it('a mistake in the checks stops the run before any stage starts', async () => {
    const config = read({ 'image-ref': DIGEST_REF, checks: 'checks:\n  - name: x\n    nope: 1\n' });
    const lines: string[] = [];
    await expect(deploy(config, { log: (line) => lines.push(line) })).rejects.toThrow(
      "input 'checks', line 2, column 5: check 'x': missing required field 'url'",
    );
    expect(lines).toEqual([]);
  });
});

describe('manifest-image', () => {
  it('substitutes the built image under the name the manifests use', () => {
    const config = read({ 'image-ref': DIGEST_REF, 'manifest-image': 'ghcr.io/acme/api' });
    expect(config.withImage(DIGEST_REF).rollout!.images).toEqual([
      { name: 'ghcr.io/acme/api', ref: DIGEST_REF },
    ]);
    expect(() => read({ 'image-ref': DIGEST_REF, 'manifest-image': 'Not An Image' })).toThrow(
      "input 'manifest-image': 'Not An Image' is not an image name",
    );
  });
});

it('says what to give when there is neither an image to build nor one to deploy', () => {
  expect(() => read({})).toThrow(
    "input 'images': is required: name the image to build and push (e.g. ghcr.io/acme/api), or give 'image-ref'",
  );
});
