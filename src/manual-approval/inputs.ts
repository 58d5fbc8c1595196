import { ConfigError, quote } from '../shared/errors.js';
import { InputReader, envInputs, type InputSource } from '../shared/inputs.js';
import { formatDuration } from '../shared/duration.js';

/** One entry of `approvers`: a GitHub user, or every current member of an organization team. */
export type Approver =
  { kind: 'user'; login: string } | { kind: 'team'; org: string; slug: string };

export interface ManualApprovalConfig {
  approvers: Approver[];
  /** Distinct eligible people who must approve. */
  minimumApprovals: number;
  /** Issue title template; placeholders like {{ image-ref }} (see TEMPLATE_FIELDS). */
  issueTitle: string;
  /** Issue body template; '' means the built-in body. */
  issueBody: string;
  labels: string[];
  /** `owner/repo` where the approval issue is opened; '' means the workflow's repository. */
  targetRepository: string;
  /** Lower-case words; a comment counts only when its whole text is one of them. */
  approveWords: string[];
  denyWords: string[];
  /** The person who started the run cannot approve it (default true). */
  excludeInitiator: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  /** Closing the approval issue counts as a denial by whoever closed it. */
  closeIssueMeansDenial: boolean;
  failOnDenial: boolean;
  failOnTimeout: boolean;
  /** Template values. */
  imageRef: string;
  environment: string;
  scanVerdict: string;
  githubToken: string;
}

export const DEFAULT_APPROVE_WORDS = ['approve', 'approved', 'lgtm', 'yes'];
export const DEFAULT_DENY_WORDS = ['deny', 'denied', 'no'];
export const DEFAULT_TITLE = 'Approve deployment of {{ image-ref }} to {{ environment }}';

/** Placeholders usable in issue-title and issue-body, as {{ name }}. */
export const TEMPLATE_FIELDS = [
  'image-ref',
  'environment',
  'scan-verdict',
  'run-url',
  'repository',
  'sha',
  'ref',
  'initiator',
  'approvers',
  'minimum-approvals',
  'approve-words',
  'deny-words',
  'timeout',
] as const;

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const SLUG = /^[A-Za-z0-9_.-]+$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** GitHub accepts at most 10 assignees on an issue. */
export const MAX_ASSIGNEES = 10;

export function parseApprover(entry: string): Approver {
  const text = entry.trim().replace(/^@/, '');
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (!LOGIN.test(text)) {
      throw new ConfigError(
        'approvers',
        `${quote(entry)} is not a GitHub login or an org/team slug (e.g. alice, my-org/platform-team)`,
      );
    }
    return { kind: 'user', login: text };
  }
  const org = text.slice(0, slash);
  const slug = text.slice(slash + 1);
  if (!LOGIN.test(org) || !SLUG.test(slug)) {
    throw new ConfigError(
      'approvers',
      `${quote(entry)} is not an org/team slug such as my-org/platform-team (use the team's slug, not its display name)`,
    );
  }
  return { kind: 'team', org, slug };
}

export function approverName(approver: Approver): string {
  return approver.kind === 'user' ? approver.login : `${approver.org}/${approver.slug}`;
}

function words(reader: InputReader, name: string, defaults: string[]): string[] {
  const list = reader.list(name).map((word) => word.toLowerCase());
  const result = list.length ? [...new Set(list)] : defaults;
  for (const word of result) {
    if (!/^[\p{L}\p{N}_+:-]+(?: [\p{L}\p{N}_+:-]+)*$/u.test(word)) {
      throw new ConfigError(
        name,
        `${quote(word)} is not a word or short phrase of letters and digits (punctuation is ignored when matching)`,
      );
    }
  }
  return result;
}

function checkTemplate(name: string, template: string) {
  for (const match of template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(match[1])) {
      throw new ConfigError(
        name,
        `unknown placeholder {{ ${match[1]} }}; use one of ${TEMPLATE_FIELDS.map((f) => `{{ ${f} }}`).join(', ')}`,
      );
    }
  }
}

/** Reads and validates every input of manual-approval once. */
export function getInputs(source: InputSource = envInputs): ManualApprovalConfig {
  const reader = new InputReader(source);

  const entries = reader.list('approvers');
  if (entries.length === 0) {
    throw new ConfigError(
      'approvers',
      'is required: list GitHub users and/or org/team slugs, e.g. "alice, my-org/platform-team"',
    );
  }
  const approvers: Approver[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const approver = parseApprover(entry);
    const key = approverName(approver).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    approvers.push(approver);
  }
  const users = approvers.filter((a) => a.kind === 'user');
  const teams = approvers.filter((a) => a.kind === 'team');
  if (users.length > MAX_ASSIGNEES) {
    throw new ConfigError(
      'approvers',
      `${users.length} users are listed, but GitHub assigns at most ${MAX_ASSIGNEES} people to an issue; ` +
        'put larger groups in a team and list it as org/team',
    );
  }

  const defaultMinimum = users.length + teams.length;
  const minimumApprovals = reader.integer('minimum-approvals', {
    default: defaultMinimum,
    min: 1,
  });
  if (teams.length === 0 && minimumApprovals > users.length) {
    throw new ConfigError(
      'minimum-approvals',
      `${minimumApprovals} can never be reached: only ${users.length} approver(s) are listed (${users
        .map((u) => (u as { login: string }).login)
        .join(', ')}); lower it or list more people or a team`,
    );
  }

  const approveWords = words(reader, 'approve-words', DEFAULT_APPROVE_WORDS);
  const denyWords = words(reader, 'deny-words', DEFAULT_DENY_WORDS);
  const both = approveWords.filter((word) => denyWords.includes(word));
  if (both.length) {
    throw new ConfigError(
      'deny-words',
      `${quote(both.join(', '))} also appear(s) in approve-words; a word cannot both approve and deny`,
    );
  }

  const issueTitle = reader.string('issue-title', { default: DEFAULT_TITLE });
  checkTemplate('issue-title', issueTitle);
  const issueBody = reader.string('issue-body');
  checkTemplate('issue-body', issueBody);

  const targetRepository = reader.string('target-repository');
  if (targetRepository && !REPOSITORY.test(targetRepository)) {
    throw new ConfigError(
      'target-repository',
      `${quote(targetRepository)} is not of the form owner/name`,
    );
  }

  const pollIntervalMs = reader.duration('poll-interval', '10s');
  if (pollIntervalMs < 1000) {
    throw new ConfigError(
      'poll-interval',
      `${quote(reader.raw('poll-interval'))} is below 1s; polling faster does not make approval sooner`,
    );
  }
  const timeoutMs = reader.duration('timeout', '1h');
  if (timeoutMs < pollIntervalMs) {
    throw new ConfigError(
      'timeout',
      `${quote(reader.raw('timeout') || formatDuration(timeoutMs))} is shorter than poll-interval (${formatDuration(pollIntervalMs)})`,
    );
  }

  const githubToken = reader.secret('github-token');
  if (!githubToken) {
    throw new ConfigError(
      'github-token',
      'is empty: pass ${{ github.token }} (with permissions issues: write) or a token that can also read team members',
    );
  }

  return {
    approvers,
    minimumApprovals,
    issueTitle,
    issueBody,
    labels: reader.list('labels'),
    targetRepository,
    approveWords,
    denyWords,
    excludeInitiator: reader.boolean('exclude-initiator', true),
    timeoutMs,
    pollIntervalMs,
    closeIssueMeansDenial: reader.boolean('close-issue-means-denial', true),
    failOnDenial: reader.boolean('fail-on-denial', true),
    failOnTimeout: reader.boolean('fail-on-timeout', true),
    imageRef: reader.string('image-ref'),
    environment: reader.string('environment', { default: 'production' }),
    scanVerdict: reader.string('scan-verdict'),
    githubToken,
  };
}
