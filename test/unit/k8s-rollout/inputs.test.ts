import { getInputs } from '../../../src/k8s-rollout/inputs.js';
import { mapInputs } from '../../../src/shared/inputs.js';

const base = { manifests: 'k8s/', workspace: '/repo' };

describe('k8s-rollout inputs', () => {
  test('defaults', () => {
    const config = getInputs(mapInputs(base));
    expect(config).toMatchObject({
      action: 'deploy',
      strategy: 'rolling',
      namespace: 'default',
      timeoutMs: 600_000,
      fieldManager: 'oasis-actions',
      forceConflicts: false,
      rollbackOnFailure: true,
      maxRestarts: 3,
      manifests: ['k8s/'],
      service: '',
      blueGreen: { autoPromote: true, keepPreviousMs: 86_400_000 },
      canary: { steps: [25, 50, 100], stepPauseMs: 30_000, ingress: '' },
    });
  });

  test('images are name=ref pairs', () => {
    const ref = `ghcr.io/acme/api@sha256:${'b'.repeat(64)}`;
    expect(getInputs(mapInputs({ ...base, images: `ghcr.io/acme/api=${ref}` })).images).toEqual([
      { name: 'ghcr.io/acme/api', ref },
    ]);
    expect(() => getInputs(mapInputs({ ...base, images: 'ghcr.io/acme/api:1.0=x:1' }))).toThrow(
      "input 'images': 'ghcr.io/acme/api:1.0' is not an image name",
    );
    expect(() => getInputs(mapInputs({ ...base, images: 'api=Not An Image' }))).toThrow(
      "input 'images': 'Not An Image' (for api) is not an image reference",
    );
  });

  test.each([
    [
      { action: 'deploi' },
      "input 'action': 'deploi' is not one of deploy, rollback, status, promote, abort, cleanup",
    ],
    [
      { strategy: 'red-black' },
      "input 'strategy': 'red-black' is not one of rolling, blue-green, canary",
    ],
    [{ manifests: '' }, "input 'manifests': is required for action 'deploy'"],
    [
      { manifests: '', action: 'rollback' },
      "input 'workload': action 'rollback' needs the workload",
    ],
    [{ namespace: 'Prod_1' }, "input 'namespace': 'Prod_1' is not a valid namespace name"],
    [{ timeout: 'soon' }, "input 'timeout': 'soon' is not a duration"],
    [{ steps: '10,50,25' }, "input 'steps': 10,50,25 is not strictly increasing (25 after 50)"],
    [{ steps: '10,150' }, "input 'steps': 150 is outside 1..100"],
    [{ steps: '0,10' }, "input 'steps': 0 is outside 1..100"],
    [{ steps: 'ten' }, "input 'steps': 'ten' is not a percentage"],
    [{ 'max-restarts': '-1' }, "input 'max-restarts': '-1' is below the minimum of 0"],
    [{ 'check-paths': 'health' }, "input 'check-paths': 'health' must be a path starting with '/'"],
    [{ ingress: 'web' }, "input 'ingress': is only used by strategy 'canary'"],
    [{ 'rollback-on-failure': 'maybe' }, "input 'rollback-on-failure': 'maybe' is not a boolean"],
  ])('%o → %s', (values, message) => {
    expect(() => getInputs(mapInputs({ ...base, ...values }))).toThrow(message);
  });

  test('steps accept percent signs', () => {
    expect(
      getInputs(mapInputs({ ...base, strategy: 'canary', steps: '10%,25%,100%' })).canary.steps,
    ).toEqual([10, 25, 100]);
  });
});
