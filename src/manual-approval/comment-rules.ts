/**
 * Which comments count as an approval or a denial. Pure rules; team membership, the one thing
 * that needs the API, is passed in as a lookup.
 */

export interface CommentView {
  id: number;
  login: string;
  /** 'User', 'Bot' or 'Organization' as GitHub reports it. */
  userType: string;
  body: string;
  createdAt: number;
  updatedAt: number;
  url: string;
}

export type Vote = 'approve' | 'deny';

export interface CountedVote {
  login: string;
  vote: Vote;
  at: number;
  url: string;
  /** Why this person may decide: 'listed' or the team they belong to right now. */
  via: string;
}

export interface IgnoredAttempt {
  login: string;
  /** The comment text, shortened. */
  said: string;
  reason: string;
  url: string;
  at: number;
}

/** The whole comment as a word: trimmed, lower-case, inner spaces collapsed, end punctuation gone. */
export function normalizeComment(body: string): string {
  return body
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?,;:…]+$/u, '');
}

/** 'approve' / 'deny' when the whole comment is one of the words, else undefined. */
export function matchVote(
  body: string,
  approveWords: readonly string[],
  denyWords: readonly string[],
): Vote | undefined {
  const text = normalizeComment(body);
  if (approveWords.includes(text)) return 'approve';
  if (denyWords.includes(text)) return 'deny';
  return undefined;
}

/** True when a word appears inside a longer comment ("not approved", "> approve", "lgtm but…"). */
export function mentionsVote(body: string, words: readonly string[]): boolean {
  const text = body.toLowerCase();
  return words.some((word) =>
    new RegExp(
      `(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`,
      'u',
    ).test(text),
  );
}

export function isBot(comment: Pick<CommentView, 'login' | 'userType'>): boolean {
  return comment.userType === 'Bot' || /\[bot\]$/i.test(comment.login);
}

export interface Rules {
  approveWords: readonly string[];
  denyWords: readonly string[];
  /** Lower-case logins listed directly in `approvers`. */
  listedUsers: ReadonlySet<string>;
  /** Lower-case login of the person who started the run, when they are excluded. */
  excludedInitiator?: string;
  /** When the approval issue was opened (ms); earlier comments never count. */
  issueCreatedAt: number;
  minimumApprovals: number;
  /** Team through which `login` may approve right now ('org/team'), or undefined. */
  teamOf: (login: string) => Promise<string | undefined>;
  /** Teams listed, for the "not a member" reason. */
  teamNames: readonly string[];
}

export interface Evaluation {
  approvals: CountedVote[];
  denials: CountedVote[];
  ignored: IgnoredAttempt[];
  decision?: 'approved' | 'denied';
}

function said(body: string): string {
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Apply every rule to the comments (in the order they were posted). Membership is looked up
 * fresh for each evaluation, so someone removed from a team before the decision does not count.
 */
export async function evaluateComments(
  comments: readonly CommentView[],
  rules: Rules,
): Promise<Evaluation> {
  const ordered = [...comments].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const approvals: CountedVote[] = [];
  const denials: CountedVote[] = [];
  const ignored: IgnoredAttempt[] = [];
  const membership = new Map<string, Promise<string | undefined>>();
  const allWords = [...rules.approveWords, ...rules.denyWords];

  for (const comment of ordered) {
    const vote = matchVote(comment.body, rules.approveWords, rules.denyWords);
    const ignore = (reason: string) =>
      ignored.push({
        login: comment.login,
        said: said(comment.body),
        reason,
        url: comment.url,
        at: comment.createdAt,
      });
    if (!vote) {
      if (!isBot(comment) && mentionsVote(comment.body, allWords)) {
        ignore(`not exactly one of the words: the whole comment must be the word`);
      }
      continue;
    }
    if (comment.createdAt < rules.issueCreatedAt) {
      ignore('posted before the approval issue was opened');
      continue;
    }
    if (comment.updatedAt !== comment.createdAt) {
      ignore('edited after posting; post a new comment instead');
      continue;
    }
    if (isBot(comment)) {
      ignore('bots cannot approve or deny');
      continue;
    }
    const login = comment.login.toLowerCase();
    if (rules.excludedInitiator && login === rules.excludedInitiator) {
      ignore('started this run and cannot decide on it (exclude-initiator is true)');
      continue;
    }
    let via: string | undefined;
    if (rules.listedUsers.has(login)) {
      via = 'listed';
    } else if (rules.teamNames.length) {
      if (!membership.has(login)) membership.set(login, rules.teamOf(comment.login));
      via = await membership.get(login);
    }
    if (!via) {
      const teams = rules.teamNames.length
        ? ` or a current member of ${rules.teamNames.join(', ')}`
        : '';
      ignore(`not a listed approver${teams}`);
      continue;
    }
    const counted: CountedVote = {
      login: comment.login,
      vote,
      at: comment.createdAt,
      url: comment.url,
      via,
    };
    if (vote === 'deny') {
      denials.push(counted);
      continue;
    }
    if (approvals.some((a) => a.login.toLowerCase() === login)) {
      ignore('already approved; each person counts once');
      continue;
    }
    approvals.push(counted);
  }

  let decision: Evaluation['decision'];
  if (denials.length) decision = 'denied';
  else if (approvals.length >= rules.minimumApprovals) decision = 'approved';
  return { approvals, denials, ignored, decision };
}
