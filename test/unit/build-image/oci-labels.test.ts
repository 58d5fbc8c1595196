import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGitHubContext } from '../../../src/build-image/github-context.js';
import { computeLabels, OCI_LABEL_KEYS } from '../../../src/build-image/oci-labels.js';

describe('GitHub context and OCI labels', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oasis-ctx-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the event payload: default branch, description, license, PR head sha', () => {
    const eventPath = join(dir, 'event.json');
    writeFileSync(
      eventPath,
      JSON.stringify({
        number: 5,
        pull_request: { number: 5, head: { sha: 'f'.repeat(40) } },
        repository: {
          default_branch: 'trunk',
          description: 'The API',
          license: { spdx_id: 'Apache-2.0' },
        },
      }),
    );
    const context = readGitHubContext(
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REF: 'refs/pull/5/merge',
        GITHUB_SHA: 'a'.repeat(40),
        GITHUB_REPOSITORY: 'acme/api',
        GITHUB_SERVER_URL: 'https://ghe.example.com/',
        GITHUB_EVENT_PATH: eventPath,
      },
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(context).toEqual({
      eventName: 'pull_request',
      ref: 'refs/pull/5/merge',
      sha: 'f'.repeat(40),
      repository: 'acme/api',
      serverUrl: 'https://ghe.example.com',
      defaultBranch: 'trunk',
      pullRequestNumber: 5,
      description: 'The API',
      license: 'Apache-2.0',
      now: new Date('2026-01-02T03:04:05Z'),
    });
  });

  it('works without a payload (local runs)', () => {
    const context = readGitHubContext({
      GITHUB_REF: 'refs/pull/9/merge',
      GITHUB_SHA: 'b'.repeat(40),
    });
    expect(context).toMatchObject({
      pullRequestNumber: 9,
      sha: 'b'.repeat(40),
      serverUrl: 'https://github.com',
    });
    expect(context.defaultBranch).toBeUndefined();
  });

  it('sets the 8 OCI labels; user labels win', () => {
    const context = readGitHubContext(
      { GITHUB_SHA: 'c'.repeat(40), GITHUB_REPOSITORY: 'acme/api', GITHUB_REF: 'refs/tags/v1.0.0' },
      new Date('2026-05-06T07:08:09Z'),
    );
    const labels = computeLabels(context, '1.0.0', {
      'org.opencontainers.image.licenses': 'MIT',
      team: 'core',
    });
    expect(Object.keys(labels).slice(0, 8)).toEqual([...OCI_LABEL_KEYS]);
    expect(labels).toEqual({
      'org.opencontainers.image.created': '2026-05-06T07:08:09.000Z',
      'org.opencontainers.image.source': 'https://github.com/acme/api',
      'org.opencontainers.image.revision': 'c'.repeat(40),
      'org.opencontainers.image.version': '1.0.0',
      'org.opencontainers.image.title': 'api',
      'org.opencontainers.image.description': '',
      'org.opencontainers.image.url': 'https://github.com/acme/api',
      'org.opencontainers.image.licenses': 'MIT',
      team: 'core',
    });
  });
});
