import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../../src/scan/scan.js';
import { getInputs } from '../../../src/scan/inputs.js';
import { mapInputs } from '../../../src/shared/inputs.js';
import { startGitHubDouble, type GitHubDouble } from '../../stack/github/index.js';

jest.setTimeout(120_000);

const FIXTURES = process.env.OASIS_FIXTURES ?? join(process.cwd(), '../shared/fixtures');
const SHA = '0123456789abcdef0123456789abcdef01234567';
let gh: GitHubDouble;
let work: string;

beforeAll(async () => {
  gh = await startGitHubDouble();
  gh.addRepo('acme/api');
  work = mkdtempSync(join(tmpdir(), 'oasis-scan-upload-'));
});

afterAll(async () => {
  await gh.stop();
  rmSync(work, { recursive: true, force: true });
});

function runEnv(): NodeJS.ProcessEnv {
  return {
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_API_URL: gh.url,
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: join(work, 'tmp'),
    HOME: work,
  };
}

function config(token: string, extra: Record<string, string> = {}) {
  return getInputs(
    mapInputs({
      report: join(FIXTURES, 'trivy/image_alpine-3.21_gobinary_trivy-0.69.3_weather.json'),
      'upload-sarif': 'true',
      'github-token': token,
      category: 'api-image',
      ...extra,
    }),
    runEnv(),
  );
}

test('uploads gzip+base64 SARIF with commit sha and ref; the double stores what we wrote', async () => {
  const token = gh.token('github-actions[bot]', { security_events: 'write', metadata: 'read' });
  const result = await scan(config(token), { env: runEnv(), log: () => undefined });
  expect(result.upload?.id).toBeTruthy();
  expect(result.upload?.url).toBe(
    `${gh.url}/repos/acme/api/code-scanning/sarifs/${result.upload?.id}`,
  );
  expect(result.upload?.codeScanningUrl).toBe(
    'https://github.example/acme/api/security/code-scanning?query=is%3Aopen%20branch%3Amain',
  );
  const stored = gh.state.repos.get('acme/api')!.sarifs.get(result.upload!.id)!;
  expect(stored.commitSha).toBe(SHA);
  expect(stored.ref).toBe('refs/heads/main');
  expect(stored.toolName).toBe('trivy');
  expect(stored.sarif).toEqual(JSON.parse(readFileSync(result.sarif.path, 'utf8')));
  const run = (
    stored.sarif as { runs: { automationDetails: { id: string }; results: unknown[] }[] }
  ).runs[0];
  expect(run.automationDetails.id).toBe('api-image/');
  expect(run.results).toHaveLength(25);
  const post = gh.requests.find(
    (r) => r.method === 'POST' && r.path.endsWith('/code-scanning/sarifs'),
  );
  expect(post?.status).toBe(202);
  expect(result.summary.notes.join('\n')).toContain(
    '[Code scanning alerts](https://github.example/acme/api/security/code-scanning',
  );
});

test('403: the error names the missing security-events: write permission', async () => {
  const token = gh.token('weak', { contents: 'read', metadata: 'read' });
  await expect(scan(config(token), { env: runEnv(), log: () => undefined })).rejects.toThrow(
    /uploading SARIF to code scanning was refused \(403\).*security-events: write/s,
  );
});

test('a ref that is not a branch, tag or pull request is refused before any request', async () => {
  const token = gh.token('github-actions[bot]', { security_events: 'write' });
  const before = gh.requests.length;
  await expect(
    scan(config(token), { env: { ...runEnv(), GITHUB_REF: 'main' }, log: () => undefined }),
  ).rejects.toThrow(/ref "main" is not of the form refs\/heads\/<branch>/);
  expect(gh.requests.length).toBe(before);
});
