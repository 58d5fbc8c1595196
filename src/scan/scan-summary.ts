import { SEVERITIES, type ScanReport, type Severity } from './findings.js';
import type { GateResult } from './policy.js';
import type { SarifBuild } from './sarif.js';

export interface SummaryPieces {
  /** One line, verdict first: `❌ scan failed: 3 findings at CRITICAL, HIGH fail the gate`. */
  verdictLine: string;
  /** What was scanned, by what, in one line. */
  subject: string;
  /** Counts by severity: found / suppressed / failing. */
  countsTable: string;
  /** The findings that fail the gate, most severe first, with installed and fixed versions. */
  topFindings: string;
  /** Expired ignores, cuts, out-of-scope findings, the code scanning link. */
  notes: string[];
  /** All of it, for core.summary. */
  markdown: string;
}

export const TOP_FINDINGS = 25;

export function scanSummary(
  report: Pick<ScanReport, 'scanner' | 'artifact'>,
  gate: GateResult,
  failOn: readonly Severity[],
  sarif: Pick<SarifBuild, 'results' | 'droppedTotal' | 'dropped' | 'truncation'> | undefined,
  links: { codeScanningUrl?: string; sarifPath?: string } = {},
): SummaryPieces {
  const threshold = failOn.length ? failOn.join(', ') : 'no severity (fail-on: none)';
  const verdictLine =
    gate.verdict === 'fail'
      ? `❌ scan failed: ${plural(gate.failingTotal, 'finding')} at ${threshold} ${gate.failingTotal === 1 ? 'fails' : 'fail'} the gate`
      : `✅ scan passed: no finding at ${threshold} fails the gate`;
  const version = report.scanner.version ? ` ${report.scanner.version}` : '';
  const subject =
    `\`${cell(report.artifact.name)}\` (${report.artifact.type}) scanned by ${report.scanner.name}${version}: ` +
    `${plural(gate.total, 'finding')}, ${gate.fixable} fixable, ${gate.suppressedTotal} suppressed`;

  const rows = SEVERITIES.map(
    (s) =>
      `| ${s} | ${gate.found[s]} | ${gate.suppressed[s]} | ${gate.failing[s]}${failOn.includes(s) ? '' : ' (not gated)'} |`,
  );
  const countsTable = [
    '| Severity | Found | Suppressed | Failing |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    `| **Total** | **${gate.total}** | **${gate.suppressedTotal}** | **${gate.failingTotal}** |`,
  ].join('\n');

  const failing = gate.evaluated.filter((e) => e.disposition === 'failing');
  let topFindings = '';
  if (failing.length > 0) {
    const shown = failing.slice(0, TOP_FINDINGS);
    const title =
      failing.length > shown.length
        ? `Findings that fail the gate (top ${shown.length} of ${failing.length})`
        : 'Findings that fail the gate';
    topFindings = [
      `#### ${title}`,
      '',
      '| Severity | ID | Package | Installed | Fixed in | Where |',
      '| --- | --- | --- | --- | --- | --- |',
      ...shown.map(({ finding: f }) => {
        const id = f.url ? `[${cell(f.id)}](${f.url})` : cell(f.id);
        const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : f.target;
        return `| ${f.severity} | ${id} | ${cell(f.pkg ?? f.title ?? f.kind)} | ${cell(f.installedVersion ?? '')} | ${cell(f.fixedVersion ?? (f.kind === 'vulnerability' ? 'no fix yet' : ''))} | ${cell(where)} |`;
      }),
    ].join('\n');
  }

  const notes: string[] = [];
  for (const entry of gate.expiredIgnores) {
    notes.push(
      `⚠️ Ignore entry ${entry.index} for \`${cell(entry.id)}\`${entry.package ? ` (${cell(entry.package)})` : ''} expired on ${entry.expires} and no longer suppresses (reason was: ${cell(entry.reason)})`,
    );
  }
  if (gate.unfixedNotFailing > 0) {
    notes.push(
      `${plural(gate.unfixedNotFailing, 'finding')} at ${threshold} without an available fix ${gate.unfixedNotFailing === 1 ? 'does' : 'do'} not fail the gate (ignore-unfixed)`,
    );
  }
  if (gate.outOfScope > 0) {
    notes.push(
      `${plural(gate.outOfScope, 'vulnerability', 'vulnerabilities')} outside vuln-types left out of the counts`,
    );
  }
  if (gate.unusedIgnores.length > 0) {
    notes.push(
      `Ignore entries that matched nothing (can be removed): ${gate.unusedIgnores.map((e) => `\`${cell(e.id)}\``).join(', ')}`,
    );
  }
  if (sarif && sarif.droppedTotal > 0) {
    const bySeverity = SEVERITIES.filter((s) => sarif.dropped[s] > 0)
      .map((s) => `${sarif.dropped[s]} ${s}`)
      .join(', ');
    notes.push(
      `⚠️ SARIF holds the ${sarif.results} most severe findings; ${sarif.droppedTotal} were left out (${bySeverity}) because ${sarif.truncation}`,
    );
  }
  if (links.codeScanningUrl) notes.push(`[Code scanning alerts](${links.codeScanningUrl})`);
  else if (links.sarifPath) notes.push(`SARIF written to \`${links.sarifPath}\` (not uploaded)`);

  const markdown = [
    `### ${verdictLine}`,
    '',
    subject,
    '',
    countsTable,
    '',
    ...(topFindings ? [topFindings, ''] : []),
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
  return { verdictLine, subject, countsTable, topFindings, notes, markdown };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Text safe inside a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/`/g, "'");
}
