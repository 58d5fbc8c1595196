/** The job summary of a verification: verdict first, one row per check. */
import { formatDuration } from '../shared/duration.js';
import type { CheckResult, Verdict } from './verify.js';

const ICON: Record<Verdict, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 300);
}

/** The check's name, linked to what it checked when there is a link. */
function nameCell(check: CheckResult): string {
  const name = cell(check.name);
  if (!check.link) return name;
  const url = check.link.replace(
    /[()|\s]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${name.replace(/[[\]]/g, '\\$&')}](${url})`;
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value)} ms`;
}

/** One sentence: `passed: 3 of 3 checks` / `failed: 1 of 3 checks failed (health)`. */
export function verdictLine(verdict: Verdict, checks: CheckResult[], durationMs: number): string {
  const failed = checks.filter((check) => check.verdict === 'fail');
  const inconclusive = checks.filter((check) => check.verdict === 'inconclusive');
  const names = (list: CheckResult[]) => list.map((check) => check.name).join(', ');
  const took = `in ${formatDuration(durationMs)}`;
  if (verdict === 'pass')
    return `${ICON.pass} Post-deploy verification passed: ${checks.length} of ${checks.length} checks ${took}`;
  if (verdict === 'fail') {
    return `${ICON.fail} Post-deploy verification failed: ${failed.length} of ${checks.length} checks failed (${names(failed)}) ${took}`;
  }
  return `${ICON.inconclusive} Post-deploy verification inconclusive: ${inconclusive.length} of ${checks.length} checks inconclusive (${names(inconclusive)}) ${took}`;
}

export function summaryMarkdown(
  verdict: Verdict,
  checks: CheckResult[],
  durationMs: number,
  reportPath?: string,
): string {
  const lines = [
    `### ${verdictLine(verdict, checks, durationMs)}`,
    '',
    '| Check | Kind | Result | Attempts | Last status | p50 | p95 | Why |',
    '| --- | --- | --- | ---: | --- | ---: | ---: | --- |',
    ...checks.map(
      (check) =>
        `| ${nameCell(check)} | ${check.kind} | ${ICON[check.verdict]} ${check.verdict} | ${check.attempts} | ${cell(check.lastStatus)} | ${ms(check.latencyMs.p50)} | ${ms(check.latencyMs.p95)} | ${cell(check.reason)} |`,
    ),
    '',
  ];
  if (reportPath) lines.push(`Full report: \`${reportPath}\``, '');
  return lines.join('\n');
}
