import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../shared/errors.js';
import type { Exec } from '../shared/exec.js';

export interface ScannerRun {
  scanner: 'trivy' | 'grype';
  /** Path of the executable (from resolveScanner). */
  binary: string;
  target: { kind: 'image'; ref: string } | { kind: 'path'; path: string };
  /** Where the JSON report is written. */
  reportPath: string;
  /** Vulnerability DB location: an OCI repository for Trivy, a DB update URL for Grype. */
  dbRepository?: string;
  /** Trivy's Java index DB repository (--java-db-repository). */
  javaDbRepository?: string;
  /** Directory holding the vulnerability DB between runs. */
  cacheDir?: string;
  timeoutMs: number;
}

/** The exact command line, for the log and for tests. Never a shell string. */
export function scannerCommand(run: ScannerRun): { args: string[]; env: Record<string, string> } {
  if (run.scanner === 'trivy') {
    const args = [
      run.target.kind === 'image' ? 'image' : 'fs',
      '--format',
      'json',
      '--output',
      run.reportPath,
      '--exit-code',
      '0',
      '--scanners',
      'vuln',
      '--no-progress',
      '--timeout',
      `${Math.ceil(run.timeoutMs / 1000)}s`,
    ];
    if (run.dbRepository) args.push('--db-repository', run.dbRepository);
    if (run.javaDbRepository) args.push('--java-db-repository', run.javaDbRepository);
    if (run.cacheDir) args.push('--cache-dir', run.cacheDir);
    args.push('--', run.target.kind === 'image' ? run.target.ref : run.target.path);
    return { args, env: {} };
  }
  const env: Record<string, string> = { GRYPE_CHECK_FOR_APP_UPDATE: 'false' };
  if (run.dbRepository) env.GRYPE_DB_UPDATE_URL = run.dbRepository;
  if (run.cacheDir) env.GRYPE_DB_CACHE_DIR = run.cacheDir;
  const source = run.target.kind === 'image' ? run.target.ref : `dir:${run.target.path}`;
  return { args: [source, '--output', 'json'], env };
}

/**
 * Runs the scanner and leaves its JSON report at `reportPath`. A non-zero exit is an error that
 * quotes the end of the scanner's own explanation.
 */
export async function runScanner(
  run: ScannerRun,
  exec: Exec,
  log: (line: string) => void,
): Promise<void> {
  await mkdir(dirname(run.reportPath), { recursive: true });
  if (run.cacheDir) await mkdir(run.cacheDir, { recursive: true });
  const { args, env } = scannerCommand(run);
  log(`${run.scanner} ${args.join(' ')}`);
  const stderrTail: string[] = [];
  const result = await exec.run(run.binary, args, {
    env: { ...process.env, ...env },
    timeoutMs: run.timeoutMs + 60_000,
    onLine: (line, stream) => {
      if (stream !== 'stderr' || line.trim() === '') return;
      log(`  ${line}`);
      stderrTail.push(line);
      if (stderrTail.length > 8) stderrTail.shift();
    },
  });
  if (result.code !== 0) {
    const why = stderrTail.length > 0 ? stderrTail.join('\n') : result.stderr.trim().slice(-2000);
    throw new UserError(
      `${run.scanner} failed with exit code ${result.code}${why ? `:\n${why}` : ' and printed nothing'}`,
    );
  }
  if (run.scanner === 'grype') {
    await writeFile(run.reportPath, result.stdout);
  } else {
    try {
      await stat(run.reportPath);
    } catch {
      throw new UserError(`trivy exited 0 but wrote no report to ${run.reportPath}`);
    }
  }
}
