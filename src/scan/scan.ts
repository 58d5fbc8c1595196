import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError, errorMessage } from '../shared/errors.js';
import { processExec, type Exec } from '../shared/exec.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { GitHubClient } from '../shared/github.js';
import type { ScanReport } from './findings.js';
import type { ScanConfig } from './inputs.js';
import { loadIgnoreFile } from './ignore-file.js';
import { parseReportFile } from './report-parser.js';
import { evaluate, type GateResult } from './policy.js';
import { buildSarif } from './sarif.js';
import { resolveScanner, type ToolCache } from './scanner-install.js';
import { runScanner } from './scanner-run.js';
import { uploadSarif, type SarifUpload } from './sarif-upload.js';
import { fileAnnotations, type Annotation } from './file-annotations.js';
import { scanSummary, type SummaryPieces } from './scan-summary.js';

export interface ScanPorts {
  exec?: Exec;
  clock?: Clock;
  /** Progress lines (default: stdout). */
  log?: (message: string) => void;
  /** The runner environment: GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF, GITHUB_SERVER_URL. */
  env?: NodeJS.ProcessEnv;
  /** A GitHub client for the SARIF upload; default: the shared client with config.githubToken. */
  github?: GitHubClient;
  toolCache?: ToolCache;
  /** Where to look for an installed scanner; default PATH. */
  searchPath?: string;
}

export interface ScanCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  total: number;
  fixable: number;
  suppressed: number;
}

export interface ScanResult {
  verdict: 'pass' | 'fail';
  counts: ScanCounts;
  /** Findings that fail the gate. */
  failing: number;
  /** The action's outputs, by their stable names. */
  outputs: Record<
    | 'verdict'
    | 'critical'
    | 'high'
    | 'medium'
    | 'low'
    | 'unknown'
    | 'total'
    | 'fixable'
    | 'suppressed'
    | 'sarif'
    | 'report',
    string
  >;
  scanner: ScanReport['scanner'];
  artifact: ScanReport['artifact'];
  gate: GateResult;
  sarif: { path: string; results: number; droppedTotal: number; truncation?: string };
  reportPath: string;
  upload?: SarifUpload;
  /** For the step: one per manifest/lock file with failing findings (path scans). */
  annotations: Annotation[];
  /** Warnings for the log (expired ignores, SARIF cuts). */
  warnings: string[];
  summary: SummaryPieces;
}

/**
 * The scan step as a library: scans (or reads a report), applies the policy, writes SARIF,
 * uploads it when asked, and returns verdict, counts, paths and summary pieces. Throws a
 * UserError for anything the user can fix; never sets outputs itself.
 */
export async function scan(config: ScanConfig, ports: ScanPorts = {}): Promise<ScanResult> {
  const log = ports.log ?? ((message: string) => console.log(message));
  const clock = ports.clock ?? systemClock;
  const env = ports.env ?? process.env;
  const ignores = await loadIgnoreFile(config.ignoreFile, config.ignoreFileRequired);
  if (ignores.length > 0) log(`ignore file ${config.ignoreFile}: ${ignores.length} entries`);

  let report: ScanReport;
  if (config.target.kind === 'report') {
    try {
      report = await parseReportFile(config.target.path, config.target.path);
    } catch (error) {
      if (error instanceof UserError) {
        throw new UserError(`input 'report': ${errorMessage(error)}`, { cause: error });
      }
      throw new UserError(
        `input 'report': cannot read ${config.target.path} (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
      );
    }
  } else {
    const resolved = await resolveScanner({
      scanner: config.scanner,
      mirror: config.scannerMirror,
      searchPath: ports.searchPath,
      toolCache: ports.toolCache,
      log,
    });
    await runScanner(
      {
        scanner: config.scanner,
        binary: resolved.path,
        target:
          config.target.kind === 'image'
            ? { kind: 'image', ref: config.target.ref }
            : { kind: 'path', path: config.target.path },
        reportPath: config.reportPath,
        dbRepository: config.dbRepository,
        javaDbRepository: config.javaDbRepository,
        cacheDir: config.cacheDir,
        timeoutMs: config.timeoutMs,
      },
      ports.exec ?? processExec,
      log,
    );
    try {
      report = await parseReportFile(
        config.reportPath,
        `${config.scanner} output (${config.reportPath})`,
      );
    } catch (error) {
      throw new UserError(`${config.scanner} produced no usable report: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
  log(`${report.format} report of ${report.artifact.name}: ${report.findings.length} findings`);

  const gate = evaluate(
    report.findings,
    {
      failOn: config.failOn,
      ignoreUnfixed: config.ignoreUnfixed,
      vulnTypes: config.vulnTypes,
      ignores,
    },
    clock.now(),
  );
  const warnings: string[] = [];
  for (const entry of gate.expiredIgnores) {
    warnings.push(
      `ignore entry ${entry.index} for ${entry.id}${entry.package ? ` (${entry.package})` : ''} in ${config.ignoreFile} expired on ${entry.expires} and no longer suppresses; renew it with a reason or fix the finding`,
    );
  }

  const sarif = buildSarif(gate.evaluated, {
    category: config.category,
    scanner: report.scanner,
    artifact: report.artifact,
  });
  await mkdir(dirname(config.sarifPath), { recursive: true });
  await writeFile(config.sarifPath, sarif.bytes);
  if (sarif.droppedTotal > 0) {
    warnings.push(
      `SARIF holds the ${sarif.results} most severe of ${sarif.results + sarif.droppedTotal} findings: ${sarif.truncation}`,
    );
  }
  log(
    `SARIF: ${sarif.results} results in ${config.sarifPath} (${sarif.gzipped.length} bytes gzipped)`,
  );

  let upload: SarifUpload | undefined;
  if (config.uploadSarif) {
    const { createGitHubClient, repositoryContext } = await import('../shared/github.js');
    const context = repositoryContext(env);
    const client =
      ports.github ??
      createGitHubClient({ token: config.githubToken, baseUrl: context.apiUrl, log });
    upload = await uploadSarif(
      client,
      {
        owner: context.owner,
        repo: context.repo,
        commitSha: context.sha,
        ref: context.ref,
        serverUrl: context.serverUrl,
      },
      sarif.gzipped,
      report.scanner.name,
    );
    log(`SARIF uploaded to code scanning (id ${upload.id})`);
  }

  const onDisk =
    config.target.kind === 'path' ||
    report.artifact.type === 'filesystem' ||
    report.artifact.type === 'repository' ||
    report.artifact.type === 'directory';
  const annotations = onDisk
    ? await fileAnnotations(
        gate.evaluated,
        config.target.kind === 'path' ? config.target.path : config.workspace,
        config.workspace,
      )
    : [];

  const summary = scanSummary(report, gate, config.failOn, sarif, {
    codeScanningUrl: upload?.codeScanningUrl,
    sarifPath: config.sarifPath,
  });
  const counts: ScanCounts = {
    critical: gate.found.CRITICAL,
    high: gate.found.HIGH,
    medium: gate.found.MEDIUM,
    low: gate.found.LOW,
    unknown: gate.found.UNKNOWN,
    total: gate.total,
    fixable: gate.fixable,
    suppressed: gate.suppressedTotal,
  };
  return {
    verdict: gate.verdict,
    counts,
    failing: gate.failingTotal,
    outputs: {
      verdict: gate.verdict,
      critical: String(counts.critical),
      high: String(counts.high),
      medium: String(counts.medium),
      low: String(counts.low),
      unknown: String(counts.unknown),
      total: String(counts.total),
      fixable: String(counts.fixable),
      suppressed: String(counts.suppressed),
      sarif: config.sarifPath,
      report: config.reportPath,
    },
    scanner: report.scanner,
    artifact: report.artifact,
    gate,
    sarif: {
      path: config.sarifPath,
      results: sarif.results,
      droppedTotal: sarif.droppedTotal,
      truncation: sarif.truncation,
    },
    reportPath: config.reportPath,
    upload,
    annotations,
    warnings,
    summary,
  };
}
