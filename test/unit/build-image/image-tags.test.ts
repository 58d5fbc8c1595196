import type { GitHubContext } from '../../../src/build-image/github-context.js';
import {
  computeTags,
  DEFAULT_TAG_RULES,
  parseFlavor,
  parseTagRule,
  sanitizeTag,
  type Flavor,
} from '../../../src/build-image/image-tags.js';

const SHA = 'abcdef1234567890abcdef1234567890abcdef12';
const HEAD_SHA = '9999999aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const NOW = new Date('2026-03-04T05:06:07Z');

function ctx(overrides: Partial<GitHubContext>): GitHubContext {
  return {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: SHA,
    repository: 'acme/api',
    serverUrl: 'https://github.com',
    defaultBranch: 'main',
    now: NOW,
    ...overrides,
  };
}

const AUTO: Flavor = { latest: 'auto', prefix: '', suffix: '' };
const RULES = [
  ...DEFAULT_TAG_RULES,
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=semver,pattern={{major}}',
].map((line) => parseTagRule(line));

describe('computeTags over GitHub contexts (default rules + semver)', () => {
  const cases: Array<[string, Partial<GitHubContext>, string[], string]> = [
    ['push to the default branch', {}, ['main', 'sha-abcdef1', 'latest'], 'main'],
    [
      'push to a branch with slashes and capitals',
      { ref: 'refs/heads/feature/My-Branch' },
      ['feature-My-Branch', 'sha-abcdef1'],
      'feature-My-Branch',
    ],
    [
      'release tag v1.2.3',
      { ref: 'refs/tags/v1.2.3' },
      ['1.2.3', '1.2', '1', 'v1.2.3', 'sha-abcdef1'],
      '1.2.3',
    ],
    [
      'pre-release tag v1.2.3-rc.1 moves no major/minor tag',
      { ref: 'refs/tags/v1.2.3-rc.1' },
      ['1.2.3-rc.1', 'v1.2.3-rc.1', 'sha-abcdef1'],
      '1.2.3-rc.1',
    ],
    [
      'pull_request #42 (head commit, no latest, no branch tag)',
      {
        eventName: 'pull_request',
        ref: 'refs/pull/42/merge',
        pullRequestNumber: 42,
        sha: HEAD_SHA,
      },
      ['pr-42', 'sha-9999999'],
      'pr-42',
    ],
    [
      'schedule on the default branch',
      { eventName: 'schedule' },
      ['nightly', 'main', 'sha-abcdef1', 'latest'],
      'nightly',
    ],
    [
      'workflow_dispatch on a release branch',
      { eventName: 'workflow_dispatch', ref: 'refs/heads/release/2.0' },
      ['release-2.0', 'sha-abcdef1'],
      'release-2.0',
    ],
    [
      'workflow_dispatch on the default branch',
      { eventName: 'workflow_dispatch', ref: 'refs/heads/trunk', defaultBranch: 'trunk' },
      ['trunk', 'sha-abcdef1', 'latest'],
      'trunk',
    ],
    [
      'no payload: main counts as the default branch',
      { defaultBranch: undefined },
      ['main', 'sha-abcdef1', 'latest'],
      'main',
    ],
  ];

  it.each(cases)('%s', (_name, overrides, tags, version) => {
    const result = computeTags(RULES, AUTO, ctx(overrides));
    expect(result.tags).toEqual(tags);
    expect(result.version).toBe(version);
    for (const tag of result.tags) expect(tag).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
  });
});

describe('tag rule attributes', () => {
  const one = (
    line: string,
    context: Partial<GitHubContext> = {},
    flavor: Flavor = { ...AUTO, latest: 'false' },
  ) => computeTags([parseTagRule(line)], flavor, ctx(context)).tags;

  it.each([
    ['type=sha,format=long', {}, [`sha-${SHA}`]],
    ['type=sha,prefix=', {}, ['abcdef1']],
    ['type=sha,prefix=git-,suffix=-amd64', {}, ['git-abcdef1-amd64']],
    // Global expressions in prefix, suffix and value (seed 003: type=sha,prefix={{branch}}-).
    ['type=sha,prefix={{branch}}-', {}, ['main-abcdef1']],
    ['type=sha,prefix={{branch}}-', { ref: 'refs/heads/feature/Login' }, ['feature-Login-abcdef1']],
    ['type=raw,value={{branch}}-{{sha}}', {}, ['main-abcdef1']],
    ['type=raw,value=v-{{tag}}', { ref: 'refs/tags/v1.2.3' }, ['v-v1.2.3']],
    ['type=raw,value=stable,enable={{is_default_branch}}', {}, ['stable']],
    ['type=raw,value=stable,enable={{is_default_branch}}', { ref: 'refs/heads/dev' }, []],
    [
      'type=raw,value=preview,enable={{is_not_default_branch}}',
      { ref: 'refs/heads/dev' },
      ['preview'],
    ],
    ['type=raw,value=off,enable=false', {}, []],
    ['just-a-value', {}, ['just-a-value']],
    [
      'type=ref,event=pr,prefix=pull-',
      { eventName: 'pull_request', ref: 'refs/pull/7/merge', pullRequestNumber: 7 },
      ['pull-7'],
    ],
    ['type=ref,event=tag', { ref: 'refs/heads/main' }, []],
    ['type=semver,pattern={{major}}.{{minor}}', { ref: 'refs/tags/not-semver' }, []],
    ['type=semver,pattern=v{{major}},value=2.5.1', {}, ['v2']],
    ['type=semver,pattern={{raw}}', { ref: 'refs/tags/V3.0.0' }, ['V3.0.0']],
    ['type=semver,pattern={{version}}', { ref: 'refs/tags/v1.0.0+build.5' }, ['1.0.0-build.5']],
    ["type=schedule,pattern={{date 'YYYYMMDD'}}", { eventName: 'schedule' }, ['20260304']],
    ['type=schedule', { eventName: 'push' }, []],
    ['type=edge', {}, ['edge']],
    ['type=edge,branch=develop', { ref: 'refs/heads/develop' }, ['edge']],
    ['type=edge', { ref: 'refs/heads/develop' }, []],
  ] as Array<[string, Partial<GitHubContext>, string[]]>)('%s %j → %j', (line, context, tags) => {
    expect(one(line, context)).toEqual(tags);
  });

  it('orders by priority, then by position, and removes duplicates', () => {
    const rules = [
      'type=raw,value=b',
      'type=raw,value=a,priority=2000',
      'type=raw,value=b',
      'type=sha',
    ].map((l) => parseTagRule(l));
    expect(computeTags(rules, { ...AUTO, latest: 'false' }, ctx({})).tags).toEqual([
      'a',
      'b',
      'sha-abcdef1',
    ]);
  });

  it('flavor prefix/suffix apply to every rule without its own; latest=true/false', () => {
    const rules = ['type=ref,event=branch', 'type=raw,value=x,prefix=,suffix='].map((l) =>
      parseTagRule(l),
    );
    const flavor = parseFlavor([
      { key: 'latest', value: 'true' },
      { key: 'prefix', value: 'app-' },
      { key: 'suffix', value: '-slim' },
    ]);
    expect(computeTags(rules, flavor, ctx({ ref: 'refs/heads/dev' })).tags).toEqual([
      'app-dev-slim',
      'x',
      'latest',
    ]);
    expect(computeTags(rules, { ...AUTO, latest: 'false' }, ctx({})).tags).toEqual(['main', 'x']);
  });

  it('has no tags when no rule applies (the caller falls back to sha-…)', () => {
    const rules = ['type=ref,event=tag'].map((l) => parseTagRule(l));
    expect(
      computeTags(rules, AUTO, ctx({ eventName: 'pull_request', ref: 'refs/pull/1/merge' })),
    ).toEqual({
      tags: [],
      version: '',
      sources: {},
    });
  });
});

describe('sanitizeTag', () => {
  it.each([
    ['feature/My-Branch', 'feature-My-Branch'],
    ['-leading-dash', 'leading-dash'],
    ['..dots', 'dots'],
    ['ünï cöde', 'n--c-de'],
    ['a'.repeat(200), 'a'.repeat(128)],
    ['---', undefined],
    ['v1.2.3_ok', 'v1.2.3_ok'],
  ])('%s → %s', (input, output) => {
    expect(sanitizeTag(input)).toBe(output);
  });
});

describe('parseTagRule errors name the input, the rule and the fix', () => {
  it.each([
    [
      'type=foo',
      "input 'tags': 'type=foo': type 'foo' is not one of ref, semver, sha, raw, schedule, edge",
    ],
    ['type=ref', "input 'tags': 'type=ref': type=ref needs event=branch, event=tag or event=pr"],
    ['type=ref,event=push', 'type=ref needs event=branch'],
    ['type=semver', 'type=semver needs a pattern'],
    ['type=semver,pattern={{foo}}', '{{foo}} is not one of {{version}}'],
    ['type=sha,format=medium', 'format=medium is not short or long'],
    ['type=raw', 'type=raw needs value='],
    ['type=sha,colour=red', "'colour' is not an attribute of type=sha"],
    ['type=raw,value=x,enable=maybe', 'enable=maybe is not one of true, false'],
    ['type=raw,value=x,priority=high', 'priority=high is not a whole number'],
  ])('%s', (line, message) => {
    expect(() => parseTagRule(line)).toThrow(message);
  });

  it('keeps commas inside {{ }} in one attribute', () => {
    const rule = parseTagRule("type=schedule,pattern={{date 'YYYY,MM'}}");
    expect(rule).toMatchObject({ type: 'schedule', pattern: "{{date 'YYYY,MM'}}" });
  });

  it('rejects a bad flavor', () => {
    expect(() => parseFlavor([{ key: 'latest', value: 'sometimes' }])).toThrow(
      "input 'flavor': latest=sometimes is not one of auto, true, false",
    );
    expect(() => parseFlavor([{ key: 'colour', value: 'x' }])).toThrow(
      "'colour' is not one of latest, prefix, suffix",
    );
  });
});
