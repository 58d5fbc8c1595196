import { mapInputs } from '../../../src/shared/inputs.js';
import {
  getInputs,
  parseImageLine,
  parseRepository,
  parseValueLine,
} from '../../../src/update-gitops-manifest/inputs.js';

const env = {
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '7',
  GITHUB_SHA: 'f'.repeat(40),
};
const read = (inputs: Record<string, string>) => getInputs(mapInputs(inputs), env);
const digest = `sha256:${'a'.repeat(64)}`;

describe('images', () => {
  test.each([
    [
      'ghcr.io/acme/api=v1.2.3',
      { name: 'ghcr.io/acme/api', canonical: 'ghcr.io/acme/api', tag: 'v1.2.3' },
    ],
    [`ghcr.io/acme/api=${digest}`, { digest }],
    [`ghcr.io/acme/api=v1@${digest}`, { tag: 'v1', digest }],
    [`ghcr.io/acme/api=ghcr.io/acme/api@${digest}`, { digest, name: 'ghcr.io/acme/api' }],
    [`ghcr.io/acme/api@${digest}`, { name: 'ghcr.io/acme/api', digest }],
    ['nginx=1.27', { canonical: 'docker.io/library/nginx', tag: '1.27' }],
    ['acme/api=registry.new:5000/acme/api:2', { newName: 'registry.new:5000/acme/api', tag: '2' }],
  ])('%s', (line, expected) => {
    expect(parseImageLine(line)).toMatchObject(expected);
  });

  test.each([
    [
      'ghcr.io/acme/api:v1=v2',
      "input 'images': 'ghcr.io/acme/api:v1=v2': the name 'ghcr.io/acme/api:v1' must not carry a tag or digest; put those after '='",
    ],
    [
      'Bad Name=v1',
      "input 'images': 'Bad Name=v1': 'Bad Name' is not an image name; write name=ref, e.g. ghcr.io/acme/api=v1.2.3",
    ],
    ['ghcr.io/acme/api=', "input 'images': 'ghcr.io/acme/api=': has no reference after ="],
    [
      'ghcr.io/acme/api=ghcr.io/acme/api',
      "input 'images': 'ghcr.io/acme/api=ghcr.io/acme/api': 'ghcr.io/acme/api' names an image but no tag or digest to deploy",
    ],
    ['ghcr.io/acme/api=sha256:abc', "'sha256:abc' is not a sha256 digest"],
  ])('%s is refused', (line, message) => {
    expect(() => parseImageLine(line)).toThrow(message);
  });

  test('a full reference to the same repository does not rename the image', () => {
    expect(parseImageLine(`ghcr.io/acme/api=ghcr.io/acme/api@${digest}`).newName).toBeUndefined();
  });

  test('the same image twice is refused', () => {
    expect(() => read({ images: 'nginx=1\ndocker.io/library/nginx=2' })).toThrow('is listed twice');
  });
});

describe('values', () => {
  test('file:key.path=value with quoted keys and = in the value', () => {
    expect(parseValueLine('set', 'a/values.yaml:metadata.annotations["x.io/y=z"]=k=v')).toEqual({
      input: 'set',
      file: 'a/values.yaml',
      path: ['metadata', 'annotations', 'x.io/y=z'],
      value: 'k=v',
    });
    expect(parseValueLine('helm-values', 'values.yml:image.tag=')).toMatchObject({ value: '' });
  });

  test.each([
    ['values.yaml', 'is not of the form file:key.path=value'],
    ['values.yaml:image.tag', 'has no =value'],
    ['values.json:image.tag=1', "'values.json' is not a .yaml or .yml file"],
    ['values.yaml:image..tag=1', 'has an empty segment'],
    ['values.yaml:a[x]=1', 'has a non-numeric index [x]'],
  ])('%s is refused', (line, message) => {
    expect(() => parseValueLine('set', line)).toThrow(message);
  });
});

describe('getInputs', () => {
  test('defaults', () => {
    const config = read({ images: 'nginx=1.27' });
    expect(config.repository).toEqual({
      url: 'https://github.com/acme/app.git',
      owner: 'acme',
      name: 'app',
      display: 'acme/app',
    });
    expect(config.mode).toBe('push');
    expect(config.timeoutMs).toBe(300_000);
    expect(config.commit.author.name).toBe('github-actions[bot]');
    expect(config.source).toEqual({
      repository: 'acme/app',
      sha: 'f'.repeat(40),
      runUrl: 'https://github.com/acme/app/actions/runs/7',
      serverUrl: 'https://github.com',
    });
  });

  test('nothing to change is an error', () => {
    expect(() => read({})).toThrow("input 'images': nothing to change");
  });

  test('a URL with credentials is refused without echoing them', () => {
    let message = '';
    try {
      read({
        repository: 'https://x-access-token:ghp_secret123@github.com/acme/gitops.git',
        images: 'nginx=1',
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain("input 'repository': the URL carries credentials");
    expect(message).not.toContain('ghp_secret123');
  });

  test('repository forms', () => {
    expect(parseRepository('acme/gitops', {})).toMatchObject({
      url: 'https://github.com/acme/gitops.git',
      owner: 'acme',
    });
    expect(parseRepository('https://ghe.example.com/org/repo.git', {})).toMatchObject({
      owner: 'org',
      name: 'repo',
    });
    expect(parseRepository('file:///srv/git/gitops.git', {})).toMatchObject({
      owner: undefined,
      url: 'file:///srv/git/gitops.git',
    });
    expect(() => parseRepository('not a repo', {})).toThrow('is neither owner/name nor a URL');
  });

  test('with a path and no repository, the checkout origin is used', () => {
    expect(read({ path: 'gitops', images: 'nginx=1' }).repository).toBeUndefined();
  });

  test('mode, reviewers, trailers and email are validated', () => {
    expect(() => read({ images: 'nginx=1', mode: 'merge' })).toThrow(
      "input 'mode': 'merge' is not one of push, pull-request, dry-run",
    );
    expect(() => read({ images: 'nginx=1', trailers: 'not a trailer' })).toThrow(
      "input 'trailers'",
    );
    expect(() => read({ images: 'nginx=1', 'author-email': 'nobody' })).toThrow(
      "input 'author-email'",
    );
    expect(() => read({ images: 'nginx=1', branch: 'bad..branch' })).toThrow("input 'branch'");
    expect(() => read({ images: 'nginx=1', branch: '--upload-pack=x' })).toThrow(
      "input 'branch': '--upload-pack=x' is not a valid branch name",
    );
    expect(() => read({ images: 'nginx=1', 'pr-branch': 'a b' })).toThrow("input 'pr-branch'");
    expect(read({ images: 'nginx=1', branch: 'release/v1.2' }).branch).toBe('release/v1.2');
    expect(() => read({ images: 'nginx=1', repository: 'ext::sh -c touch% /tmp/x' })).toThrow(
      "input 'repository'",
    );
    expect(() =>
      read({ images: 'nginx=1', mode: 'pull-request', repository: 'file:///x.git' }),
    ).toThrow('pull-request needs a GitHub repository');
    const config = read({ images: 'nginx=1', reviewers: 'alice, acme/platform, team:sre' });
    expect(config.pullRequest.reviewers).toEqual(['alice']);
    expect(config.pullRequest.teamReviewers).toEqual(['platform', 'sre']);
  });
});
