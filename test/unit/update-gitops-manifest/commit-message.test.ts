import {
  commitMessage,
  renderTemplate,
} from '../../../src/update-gitops-manifest/commit-message.js';
import {
  parseImageLine,
  parseValueLine,
  DEFAULT_MESSAGE,
} from '../../../src/update-gitops-manifest/inputs.js';
import {
  contentionBackoff,
  pullRequestBranch,
} from '../../../src/update-gitops-manifest/update-gitops-manifest.js';
import { getInputs } from '../../../src/update-gitops-manifest/inputs.js';
import { mapInputs } from '../../../src/shared/inputs.js';

const context = {
  images: [parseImageLine('ghcr.io/acme/api=v2')],
  values: [parseValueLine('set', 'values.yaml:image.tag=v2')],
  source: { repository: 'acme/app', sha: '0123456789abcdef', runUrl: '' },
  branch: 'main',
  repository: 'acme/gitops',
};

test('default message; a line with only empty placeholders is dropped; trailers appended', () => {
  expect(commitMessage(DEFAULT_MESSAGE, ['Deployed-By: oasis'], context)).toBe(
    'Deploy ghcr.io/acme/api to v2, values.yaml:image.tag to v2\n\nSource: acme/app@0123456\n\nDeployed-By: oasis\n',
  );
});

test('unknown placeholders are left as written', () => {
  expect(renderTemplate('{image} {unknown}', { image: 'x' })).toBe('x {unknown}');
});

test('contention backoff: full jitter within a window doubling per attempt, capped', () => {
  expect(contentionBackoff(1, 200, () => 0.999)).toBeLessThanOrEqual(200);
  expect(contentionBackoff(3, 200, () => 0.999)).toBeGreaterThan(700);
  expect(contentionBackoff(3, 200, () => 0)).toBe(0);
  expect(contentionBackoff(20, 5000, () => 1)).toBe(5000);
});

test('pull request branch is stable for the same target and differs for another', () => {
  const config = (images: string) =>
    getInputs(mapInputs({ images, repository: 'acme/gitops' }), {});
  const a = pullRequestBranch(config('ghcr.io/acme/api=v1'), 'main');
  expect(a).toBe(pullRequestBranch(config('ghcr.io/acme/api=v2'), 'main'));
  expect(a).toMatch(/^oasis\/gitops\/main\/api-[0-9a-f]{8}$/);
  expect(pullRequestBranch(config('ghcr.io/acme/web=v1'), 'main')).not.toBe(a);
});
