import {
  evaluateComments,
  matchVote,
  mentionsVote,
  normalizeComment,
  type CommentView,
  type Rules,
} from '../../../src/manual-approval/comment-rules.js';

const APPROVE = ['approve', 'approved', 'lgtm', 'yes'];
const DENY = ['deny', 'denied', 'no'];
const T0 = Date.parse('2026-06-01T09:00:00Z');

describe('matching the whole comment', () => {
  test.each([
    ['approve', 'approve'],
    ['  APPROVED!  ', 'approve'],
    ['LGTM.', 'approve'],
    ['yes!!!', 'approve'],
    ['No.', 'deny'],
    ['Denied', 'deny'],
  ])('%j counts as %s', (body, vote) => {
    expect(matchVote(body, APPROVE, DENY)).toBe(vote);
  });

  test.each([
    'not approved',
    'approve after lunch',
    '> approve',
    '> approve\n\nagreed',
    'approve?!x',
    'lgtm 👍',
    '',
  ])('%j does not count', (body) => {
    expect(matchVote(body, APPROVE, DENY)).toBeUndefined();
  });

  test('near misses are recognised for the summary', () => {
    expect(mentionsVote('not approved', APPROVE)).toBe(true);
    expect(mentionsVote('> approve', APPROVE)).toBe(true);
    expect(mentionsVote('yesterday was fine', APPROVE)).toBe(false);
    expect(normalizeComment('  Ship   it!! ')).toBe('ship it');
  });
});

describe('evaluateComments', () => {
  let id = 0;
  const c = (
    login: string,
    body: string,
    offsetS: number,
    extra: Partial<CommentView> = {},
  ): CommentView => ({
    id: ++id,
    login,
    userType: 'User',
    body,
    createdAt: T0 + offsetS * 1000,
    updatedAt: T0 + offsetS * 1000,
    url: `https://github.test/c/${id}`,
    ...extra,
  });
  const members: Record<string, string> = { alice: 'acme/ops', bob: 'acme/ops', erin: 'acme/ops' };
  const rules = (over: Partial<Rules> = {}): Rules => ({
    approveWords: APPROVE,
    denyWords: DENY,
    listedUsers: new Set(['dave']),
    excludedInitiator: 'erin',
    issueCreatedAt: T0,
    minimumApprovals: 2,
    teamOf: async (login) => members[login.toLowerCase()],
    teamNames: ['acme/ops'],
    ...over,
  });

  test('two eligible approvals decide; each via its reason', async () => {
    const result = await evaluateComments(
      [c('alice', 'approve', 5), c('dave', 'lgtm', 9)],
      rules(),
    );
    expect(result.decision).toBe('approved');
    expect(result.approvals.map((a) => [a.login, a.via])).toEqual([
      ['alice', 'acme/ops'],
      ['dave', 'listed'],
    ]);
  });

  test('every exclusion rule, each with its reason', async () => {
    const result = await evaluateComments(
      [
        c('alice', 'approve', -60),
        c('bob', 'approve', 5, { updatedAt: T0 + 30_000 }),
        c('renovate[bot]', 'approve', 6, { userType: 'Bot' }),
        c('ERIN', 'approve', 7),
        c('mallory', 'approve', 8),
        c('dave', 'approve', 9),
        c('dave', 'approve', 10),
        c('alice', 'not approved', 11),
      ],
      rules(),
    );
    expect(result.decision).toBeUndefined();
    expect(result.approvals.map((a) => a.login)).toEqual(['dave']);
    expect(result.ignored.map((i) => [i.login, i.reason.split(/[;:(]/)[0].trim()])).toEqual([
      ['alice', 'posted before the approval issue was opened'],
      ['bob', 'edited after posting'],
      ['renovate[bot]', 'bots cannot approve or deny'],
      ['ERIN', 'started this run and cannot decide on it'],
      ['mallory', 'not a listed approver or a current member of acme/ops'],
      ['dave', 'already approved'],
      ['alice', 'not exactly one of the words'],
    ]);
  });

  test('a denial wins over any number of approvals, in any order', async () => {
    const result = await evaluateComments(
      [c('alice', 'approve', 1), c('dave', 'approve', 2), c('bob', 'no', 3)],
      rules({ minimumApprovals: 1 }),
    );
    expect(result.decision).toBe('denied');
    expect(result.denials.map((d) => d.login)).toEqual(['bob']);
  });

  test('membership is asked once per person per evaluation', async () => {
    const asked: string[] = [];
    await evaluateComments(
      [c('alice', 'approve', 1), c('alice', 'approve', 2), c('mallory', 'yes', 3)],
      {
        ...rules(),
        teamOf: async (login) => {
          asked.push(login);
          return members[login];
        },
      },
    );
    expect(asked).toEqual(['alice', 'mallory']);
  });

  test('with the initiator not excluded they count like anyone', async () => {
    const result = await evaluateComments(
      [c('erin', 'approve', 1)],
      rules({ excludedInitiator: undefined, minimumApprovals: 1 }),
    );
    expect(result.decision).toBe('approved');
  });
});
