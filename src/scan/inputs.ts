import { homedir, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ConfigError, quote } from '../shared/errors.js';
import { InputReader, envInputs, type InputSource } from '../shared/inputs.js';
import { parseImageRef } from '../shared/image-ref.js';
import { SEVERITIES, VULN_TYPES, type Severity, type VulnType } from './findings.js';

export const DEFAULT_IGNORE_FILE = '.oasis/scan-ignore.yaml';

/** What is scanned: an image, a directory, or a report someone already produced. */
export type ScanTarget =
  | { kind: 'image'; ref: string }
  | { kind: 'path'; path: string }
  | { kind: 'report'; path: string };

export interface ScanConfig {
  target: ScanTarget;
  /** Which scanner runs for image and path targets (a report's format is detected). */
  scanner: 'trivy' | 'grype';
  /** Base URL of a mirror of the pinned release archives (checksums still apply). */
  scannerMirror?: string;
  /** Trivy: OCI repository of the vulnerability DB (--db-repository); Grype: DB update URL. */
  dbRepository?: string;
  /** Trivy: OCI repository of the Java index DB used for jar files (--java-db-repository). */
  javaDbRepository?: string;
  /** Vulnerability DB cache between runs; restore/save it with actions/cache to skip downloads. */
  cacheDir: string;
  /** Severities that fail the gate; empty means report only (fail-on: none). */
  failOn: Severity[];
  ignoreUnfixed: boolean;
  vulnTypes: VulnType[];
  ignoreFile: string;
  /** true when ignore-file was given explicitly: then a missing file is an error. */
  ignoreFileRequired: boolean;
  /** Where the SARIF file is written. */
  sarifPath: string;
  /** Where the scanner's JSON report is written (image and path targets). */
  reportPath: string;
  uploadSarif: boolean;
  category: string;
  githubToken: string;
  /** How long the scanner may run. */
  timeoutMs: number;
  /** Workspace the `path` and file locations are relative to (GITHUB_WORKSPACE or cwd). */
  workspace: string;
}

/**
 * One code scanning category per thing scanned, so two images scanned in one workflow do not
 * replace each other's alerts: `oasis-scan/team/api`, `oasis-scan/path/services/web`.
 */
function defaultCategory(target: ScanTarget, workspace: string): string {
  if (target.kind === 'image') {
    return `oasis-scan/${parseImageRef(target.ref)?.repository ?? 'image'}`;
  }
  if (target.kind === 'path') {
    const path = relative(workspace, target.path).replace(/\s+/g, '-');
    return `oasis-scan/path/${path === '' ? '.' : path}`;
  }
  return 'oasis-scan/report';
}

/** Reads and validates every input of the scan action once. */
export function getInputs(
  source: InputSource = envInputs,
  env: NodeJS.ProcessEnv = process.env,
): ScanConfig {
  const reader = new InputReader(source);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const temp = env.RUNNER_TEMP || tmpdir();

  const given = (['image-ref', 'path', 'report'] as const).filter((name) => reader.has(name));
  if (given.length === 0) {
    throw new ConfigError('image-ref', 'nothing to scan: set one of image-ref, path or report');
  }
  if (given.length > 1) {
    throw new ConfigError(
      given[1],
      `conflicts with input '${given[0]}': set only one of image-ref, path or report`,
    );
  }
  let target: ScanTarget;
  if (given[0] === 'image-ref') {
    const ref = reader.string('image-ref');
    if (!parseImageRef(ref)) {
      throw new ConfigError(
        'image-ref',
        `${quote(ref)} is not an image reference; use registry/name@sha256:<digest> or name:tag`,
      );
    }
    target = { kind: 'image', ref };
  } else if (given[0] === 'path') {
    target = { kind: 'path', path: resolve(workspace, reader.string('path')) };
  } else {
    target = { kind: 'report', path: resolve(workspace, reader.string('report')) };
  }

  const scanner = reader.oneOf('scanner', ['trivy', 'grype'] as const, 'trivy');
  const scannerMirror = reader.string('scanner-mirror') || undefined;
  if (scannerMirror && !/^https?:\/\/[^\s]+$/.test(scannerMirror)) {
    throw new ConfigError('scanner-mirror', `${quote(scannerMirror)} is not an http(s) URL`);
  }

  const failOnRaw = reader.list('fail-on');
  let failOn: Severity[];
  if (failOnRaw.length === 1 && failOnRaw[0].toLowerCase() === 'none') {
    failOn = [];
  } else if (failOnRaw.length === 0) {
    failOn = ['CRITICAL', 'HIGH'];
  } else {
    failOn = failOnRaw.map((value) => {
      const upper = value.toUpperCase();
      if (!(SEVERITIES as readonly string[]).includes(upper)) {
        throw new ConfigError(
          'fail-on',
          `${quote(value)} is not one of ${SEVERITIES.join(', ')} (or 'none' to never fail)`,
        );
      }
      return upper as Severity;
    });
  }

  const vulnTypesRaw = reader.list('vuln-types');
  const vulnTypes = vulnTypesRaw.length
    ? vulnTypesRaw.map((value) => {
        const lower = value.toLowerCase();
        if (!(VULN_TYPES as readonly string[]).includes(lower)) {
          throw new ConfigError(
            'vuln-types',
            `${quote(value)} is not one of ${VULN_TYPES.join(', ')}`,
          );
        }
        return lower as VulnType;
      })
    : [...VULN_TYPES];

  // The runner fills in action.yml's default, so only another path means "this file must exist".
  const ignoreFileRequired =
    reader.has('ignore-file') && reader.raw('ignore-file') !== DEFAULT_IGNORE_FILE;
  const ignoreFile = resolve(
    workspace,
    reader.string('ignore-file', { default: DEFAULT_IGNORE_FILE }),
  );

  const uploadSarif = reader.boolean('upload-sarif', false);
  const githubToken = reader.secret('github-token');
  if (uploadSarif && !githubToken) {
    throw new ConfigError(
      'github-token',
      'is empty but upload-sarif is true; pass ${{ github.token }} (the default) with security-events: write',
    );
  }
  const category = reader.string('category', { default: defaultCategory(target, workspace) });
  if (/\s/.test(category)) {
    throw new ConfigError(
      'category',
      `${quote(category)} contains spaces; use a name like oasis-scan-api`,
    );
  }

  const outDir = join(temp, 'oasis-scan');
  return {
    target,
    scanner,
    scannerMirror,
    dbRepository: reader.string('db-repository') || undefined,
    javaDbRepository: reader.string('java-db-repository') || undefined,
    cacheDir: resolve(
      workspace,
      reader.string('cache-dir', {
        default: join(env.HOME || homedir(), '.cache', 'oasis-scan', scanner),
      }),
    ),
    failOn,
    ignoreUnfixed: reader.boolean('ignore-unfixed', false),
    vulnTypes,
    ignoreFile,
    ignoreFileRequired,
    sarifPath: resolve(
      workspace,
      reader.string('sarif', { default: join(outDir, 'results.sarif') }),
    ),
    reportPath:
      target.kind === 'report'
        ? target.path
        : resolve(
            workspace,
            reader.string('report-output', { default: join(outDir, `${scanner}-report.json`) }),
          ),
    uploadSarif,
    category,
    githubToken,
    timeoutMs: reader.duration('timeout', '15m'),
    workspace,
  };
}
