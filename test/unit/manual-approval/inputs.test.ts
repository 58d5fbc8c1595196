import { mapInputs } from '../../../src/shared/inputs.js';
import { ConfigError } from '../../../src/shared/errors.js';
import {
  getInputs,
  DEFAULT_APPROVE_WORDS,
  DEFAULT_DENY_WORDS,
} from '../../../src/manual-approval/inputs.js';

const base = { 'github-token': 'ghs_secret_value', approvers: 'alice' };
const read = (values: Record<string, string>) => getInputs(mapInputs({ ...base, ...values }));
const fails = (values: Record<string, string>) => {
  try {
    read(values);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('manual-approval inputs', () => {
  test('defaults: safe by default', () => {
    const config = read({});
    expect(config).toMatchObject({
      approvers: [{ kind: 'user', login: 'alice' }],
      minimumApprovals: 1,
      approveWords: DEFAULT_APPROVE_WORDS,
      denyWords: DEFAULT_DENY_WORDS,
      excludeInitiator: true,
      timeoutMs: 3_600_000,
      pollIntervalMs: 10_000,
      closeIssueMeansDenial: true,
      failOnDenial: true,
      failOnTimeout: true,
      environment: 'production',
    });
  });

  test('users and teams, @ prefixes and duplicates; default minimum is users + one per team', () => {
    const config = read({
      approvers: '@alice, bob\nmy-org/platform-team, @my-org/lead-developers, alice',
    });
    expect(config.approvers).toEqual([
      { kind: 'user', login: 'alice' },
      { kind: 'user', login: 'bob' },
      { kind: 'team', org: 'my-org', slug: 'platform-team' },
      { kind: 'team', org: 'my-org', slug: 'lead-developers' },
    ]);
    expect(config.minimumApprovals).toBe(4);
  });

  test('seed 003: two teams, minimum 2', () => {
    const config = read({
      approvers: 'acme/platform-team, acme/lead-developers',
      'minimum-approvals': '2',
    });
    expect(config.minimumApprovals).toBe(2);
  });

  test('words are lower-cased and must not overlap', () => {
    expect(read({ 'approve-words': 'Ship It, GO' }).approveWords).toEqual(['ship it', 'go']);
    expect(fails({ 'approve-words': 'yes, ok', 'deny-words': 'OK, no' })).toMatch(
      /input 'deny-words': 'ok' also appear/,
    );
  });

  test.each([
    [{ approvers: '' }, /input 'approvers': is required/],
    [{ approvers: 'not a login!' }, /input 'approvers': 'not a login!' is not a GitHub login/],
    [{ approvers: 'org/Platform Team' }, /is not an org\/team slug/],
    [{ approvers: 'a,b,c,d,e,f,g,h,i,j,k' }, /11 users are listed, but GitHub assigns at most 10/],
    [
      { approvers: 'alice, bob', 'minimum-approvals': '3' },
      /'minimum-approvals': 3 can never be reached: only 2/,
    ],
    [{ 'minimum-approvals': '0' }, /below the minimum of 1/],
    [{ timeout: 'soon' }, /input 'timeout': 'soon' is not a duration/],
    [{ 'poll-interval': '500ms' }, /input 'poll-interval': '500ms' is below 1s/],
    [
      { timeout: '5s', 'poll-interval': '10s' },
      /input 'timeout': '5s' is shorter than poll-interval/,
    ],
    [
      { 'target-repository': 'just-a-name' },
      /input 'target-repository': 'just-a-name' is not of the form owner\/name/,
    ],
    [
      { 'issue-title': 'Deploy {{ image }}' },
      /input 'issue-title': unknown placeholder \{\{ image \}\}/,
    ],
    [{ 'exclude-initiator': 'maybe' }, /input 'exclude-initiator': 'maybe' is not a boolean/],
    [{ 'github-token': '' }, /input 'github-token': is empty/],
  ])('%o is rejected', (values, message) => {
    expect(fails(values as Record<string, string>)).toMatch(message);
  });

  test('the token never appears in an error message', () => {
    expect(fails({ approvers: 'bad login' })).not.toContain('ghs_secret_value');
  });
});
