/** The job summary: verdict first, then every file and key changed (old → new), then links. */
import type { UpdateGitopsManifestConfig } from './inputs.js';
import type { UpdateGitopsManifestResult } from './update-gitops-manifest.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${cell(text).replace(/`/g, "'")}\``;

export function renderSummary(
  result: UpdateGitopsManifestResult,
  config: Pick<UpdateGitopsManifestConfig, 'mode'>,
): string {
  const lines: string[] = [];
  const short = result.commitSha.slice(0, 7);
  const commit = result.commitUrl ? `[${short}](${result.commitUrl})` : code(short);
  const where = `${result.repository} ${code(result.branch)}`;
  if (!result.changed) {
    lines.push(
      result.pullRequestUrl
        ? `### ✅ No new changes: pull request [#${result.pullRequestNumber}](${result.pullRequestUrl}) already has them`
        : `### ✅ No change: everything already matches on ${where}`,
    );
  } else if (config.mode === 'dry-run') {
    lines.push(
      `### 🔍 Dry run: ${result.changes.length} change(s) in ${result.files.length} file(s) of ${where} (nothing committed)`,
    );
  } else if (config.mode === 'pull-request') {
    lines.push(
      `### ✅ Pull request [#${result.pullRequestNumber}](${result.pullRequestUrl}) into ${where}: ${result.changes.length} change(s), commit ${commit}`,
    );
  } else {
    lines.push(
      `### ✅ Pushed ${commit} to ${where}: ${result.changes.length} change(s) in ${result.files.length} file(s)` +
        (result.attempts > 1 ? ` (attempt ${result.attempts})` : ''),
    );
  }
  if (result.changes.length > 0) {
    lines.push('', '| File | Line | What | Old | New |', '|---|---|---|---|---|');
    for (const change of result.changes) {
      lines.push(
        `| ${code(change.file)} | ${change.line} | ${cell(change.target)} | ${code(change.old)} | ${code(change.new)} |`,
      );
    }
  }
  if (result.builtOn.length > 0) {
    lines.push('', '**Built on changes made by others since this run started:**', '');
    for (const entry of result.builtOn) {
      const who = entry.commit
        ? `${entry.commit.sha.slice(0, 7)} by ${cell(entry.commit.author)} (“${cell(entry.commit.subject)}”)`
        : 'another writer';
      lines.push(
        `- ${code(entry.file)} ${cell(entry.target)}: ${code(entry.before)} was changed to ${code(entry.theirs)} by ${who}; our value was applied on top of theirs`,
      );
    }
  }
  if (config.mode === 'dry-run' && result.diff) {
    const limit = 20_000;
    const diff =
      result.diff.length > limit ? `${result.diff.slice(0, limit)}\n… (truncated)` : result.diff;
    lines.push(
      '',
      '<details><summary>Diff</summary>',
      '',
      '```diff',
      diff.replace(/```/g, "'''").trimEnd(),
      '```',
      '',
      '</details>',
    );
  }
  if (result.skipped.length > 0) {
    lines.push('', `<details><summary>${result.skipped.length} file(s) skipped</summary>`, '');
    for (const skipped of result.skipped.slice(0, 50)) lines.push(`- ${cell(skipped)}`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}
