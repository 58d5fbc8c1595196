/** The words people read: the issue title and body, the closing comment, the job summary. */
import { formatDuration } from '../shared/duration.js';
import type { CountedVote, IgnoredAttempt } from './comment-rules.js';
import { approverName, type ManualApprovalConfig } from './inputs.js';

export type TemplateValues = Record<string, string>;

export function templateValues(
  config: ManualApprovalConfig,
  context: { runUrl: string; repository: string; sha: string; ref: string; initiator: string },
): TemplateValues {
  return {
    'image-ref': config.imageRef || 'the new image',
    environment: config.environment,
    'scan-verdict': config.scanVerdict,
    'run-url': context.runUrl,
    repository: context.repository,
    sha: context.sha,
    ref: context.ref,
    initiator: context.initiator,
    approvers: config.approvers.map((a) => `@${approverName(a)}`).join(', '),
    'minimum-approvals': String(config.minimumApprovals),
    'approve-words': config.approveWords.join(', '),
    'deny-words': config.denyWords.join(', '),
    timeout: formatDuration(config.timeoutMs),
  };
}

export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_m, name: string) => values[name] ?? '');
}

const code = (words: string[]) => words.map((w) => `\`${w}\``).join(', ');

export function defaultBody(config: ManualApprovalConfig, values: TemplateValues): string {
  const lines = [
    `## Deployment approval: ${values.environment}`,
    '',
    '| | |',
    '|---|---|',
    `| Image | \`${values['image-ref']}\` |`,
    `| Environment | ${values.environment} |`,
  ];
  if (values['scan-verdict']) lines.push(`| Scan verdict | ${values['scan-verdict']} |`);
  if (values['run-url']) lines.push(`| Workflow run | ${values['run-url']} |`);
  if (values.initiator) lines.push(`| Started by | @${values.initiator} |`);
  lines.push(
    '',
    `**${config.minimumApprovals}** approval(s) needed from ${values.approvers}.`,
    '',
    `To approve, comment with exactly one of ${code(config.approveWords)}; to deny, ${code(config.denyWords)}. ` +
      'The whole comment must be the word (case and a trailing full stop do not matter).',
    '',
    'Not counted: edited comments, bots' +
      (config.excludeInitiator ? ', the person who started the run' : '') +
      ', anyone not listed or not currently in a listed team. Each person counts once; one denial ends the wait.' +
      (config.closeIssueMeansDenial ? ' Closing this issue denies.' : ''),
    '',
    `The request times out after ${values.timeout}.`,
  );
  return lines.join('\n');
}

export function people(votes: CountedVote[]): string {
  return votes.map((v) => `@${v.login}`).join(', ');
}

export function closingComment(
  status: 'approved' | 'denied' | 'timed-out',
  details: {
    approvals: CountedVote[];
    denials: CountedVote[];
    closedBy?: string;
    waitedMs: number;
    minimum: number;
  },
): string {
  if (status === 'approved') {
    return `✅ **Approved** by ${people(details.approvals)} (${details.approvals.length} of ${details.minimum} needed). The deployment continues.`;
  }
  if (status === 'denied') {
    const by = details.denials.length
      ? people(details.denials)
      : `@${details.closedBy} (closed the issue)`;
    return `❌ **Denied** by ${by}. The deployment stops.`;
  }
  const so = details.approvals.length
    ? ` with ${details.approvals.length} of ${details.minimum} approvals (${people(details.approvals)})`
    : ' without any counted approval';
  return `⏱️ **Timed out** after ${formatDuration(details.waitedMs)}${so}. The deployment stops.`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function summaryMarkdown(details: {
  verdictLine: string;
  issueUrl: string;
  issueNumber: number;
  runUrl: string;
  approvals: CountedVote[];
  denials: CountedVote[];
  ignored: IgnoredAttempt[];
  minimum: number;
  waitedMs: number;
}): string {
  const lines = [
    `### ${details.verdictLine}`,
    '',
    `Approval issue: [#${details.issueNumber}](${details.issueUrl}) · waited ${formatDuration(details.waitedMs)} · ${details.approvals.length} of ${details.minimum} approvals`,
    '',
  ];
  const votes = [...details.approvals, ...details.denials].sort((a, b) => a.at - b.at);
  if (votes.length) {
    lines.push('| Person | Decision | Eligible as | When |', '|---|---|---|---|');
    for (const v of votes) {
      lines.push(
        `| @${v.login} | [${v.vote === 'approve' ? 'approved' : 'denied'}](${v.url}) | ${v.via === 'listed' ? 'listed approver' : `member of ${v.via}`} | ${new Date(v.at).toISOString()} |`,
      );
    }
    lines.push('');
  }
  if (details.ignored.length) {
    lines.push('**Not counted**', '', '| Person | Said | Why not |', '|---|---|---|');
    for (const a of details.ignored) {
      lines.push(`| @${a.login} | [${cell(a.said)}](${a.url}) | ${cell(a.reason)} |`);
    }
    lines.push('');
  }
  if (details.runUrl) lines.push(`[Workflow run](${details.runUrl})`);
  return lines.join('\n');
}
