import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../../src/scan/scan.js';
import { getInputs } from '../../../src/scan/inputs.js';
import { mapInputs } from '../../../src/shared/inputs.js';
import { processExec } from '../../../src/shared/exec.js';
import { installReplayScanner } from '../../stack/scanner/install.js';

jest.setTimeout(120_000);

const FIXTURES = process.env.OASIS_FIXTURES ?? join(process.cwd(), '../shared/fixtures');
const IMAGE = `127.0.0.1:5000/team/api@sha256:${'b'.repeat(64)}`;

let work: string;
let bin: string;
let logFile: string;
const saved = { ...process.env };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'oasis-scan-exec-'));
  bin = join(work, 'bin');
  installReplayScanner(bin, 'trivy');
  installReplayScanner(bin, 'grype');
  logFile = join(work, 'calls.jsonl');
});

afterEach(() => {
  for (const key of Object.keys(process.env))
    if (key.startsWith('REPLAY_SCANNER_')) delete process.env[key];
  Object.assign(process.env, saved);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function replay(report: string, extra: Record<string, string> = {}) {
  process.env.REPLAY_SCANNER_REPORT = join(FIXTURES, report);
  process.env.REPLAY_SCANNER_LOG = logFile;
  Object.assign(process.env, extra);
}

function config(values: Record<string, string>) {
  return getInputs(mapInputs(values), {
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: join(work, 'tmp'),
    HOME: work,
  });
}

function lastCall(): { name: string; argv: string[]; env: Record<string, string> } {
  const lines = readFileSync(logFile, 'utf8').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

const logs: string[] = [];
const ports = () => ({ exec: processExec, searchPath: bin, log: (m: string) => logs.push(m) });

describe('trivy through the exec port (replaying real reports)', () => {
  test('image scan: command line, DB repository and cache dir, counts from the real report', async () => {
    replay('trivy/image_debian-12.7_python_multi-scanner.json');
    const result = await scan(
      config({
        'image-ref': IMAGE,
        'db-repository': '127.0.0.1:5000/mirror/trivy-db:2',
        'java-db-repository': '127.0.0.1:5000/mirror/trivy-java-db:1',
      }),
      ports(),
    );
    const call = lastCall();
    expect(call.name).toBe('trivy');
    expect(call.argv[0]).toBe('image');
    expect(call.argv.slice(-2)).toEqual(['--', IMAGE]);
    expect(call.argv).toEqual(
      expect.arrayContaining([
        '--format',
        'json',
        '--exit-code',
        '0',
        '--db-repository',
        '127.0.0.1:5000/mirror/trivy-db:2',
        '--java-db-repository',
        '127.0.0.1:5000/mirror/trivy-java-db:1',
        '--cache-dir',
        join(work, '.cache/oasis-scan/trivy'),
      ]),
    );
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      critical: '1',
      high: '14',
      medium: '32',
      low: '7',
      unknown: '0',
      total: '54',
      fixable: '54',
      suppressed: '0',
    });
    expect(result.outputs.report).toBe(join(work, 'tmp/oasis-scan/trivy-report.json'));
    expect(readFileSync(result.outputs.report, 'utf8')).toBe(
      readFileSync(join(FIXTURES, 'trivy/image_debian-12.7_python_multi-scanner.json'), 'utf8'),
    );
    expect(JSON.parse(readFileSync(result.outputs.sarif, 'utf8')).runs[0].results).toHaveLength(54);
    // progress from the scanner's stderr reached the log
    expect(logs.some((l) => l.includes('Vulnerability scanning is enabled'))).toBe(true);
  });

  test('non-zero exit: an error quoting the scanner, no verdict', async () => {
    replay('trivy/image_debian-12.7_python_multi-scanner.json', { REPLAY_SCANNER_EXIT: '1' });
    await expect(scan(config({ 'image-ref': IMAGE }), ports())).rejects.toThrow(
      /trivy failed with exit code 1:[\s\S]*unable to find the specified image/,
    );
  });

  test('garbage output: a clear error, not a pass', async () => {
    replay('trivy/image_debian-12.7_python_multi-scanner.json', { REPLAY_SCANNER_GARBAGE: '1' });
    await expect(scan(config({ 'image-ref': IMAGE }), ports())).rejects.toThrow(
      /trivy produced no usable report: .* is not a JSON scanner report .*panic: runtime error/,
    );
  });

  test('path scan: annotation on the lock file, on the line naming the package', async () => {
    replay('trivy/fs_uv-lock_prometheus-mcp-server.json');
    const report = JSON.parse(
      readFileSync(join(FIXTURES, 'trivy/fs_uv-lock_prometheus-mcp-server.json'), 'utf8'),
    );
    const pkgs: string[] = report.Results.flatMap(
      (r: { Vulnerabilities?: { PkgName: string }[] }) =>
        (r.Vulnerabilities ?? []).map((v) => v.PkgName),
    );
    const repo = join(work, 'repo');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(repo, { recursive: true });
    writeFileSync(
      join(repo, 'uv.lock'),
      [
        'version = 1',
        '',
        '[[package]]',
        'name = "anyio"',
        '',
        '[[package]]',
        `name = "${pkgs[0]}"`,
        '',
      ].join('\n'),
    );
    const result = await scan(config({ path: 'repo' }), ports());
    expect(lastCall().argv[0]).toBe('fs');
    expect(lastCall().argv.slice(-1)).toEqual([repo]);
    expect(result.verdict).toBe('fail');
    expect(result.annotations).toHaveLength(1);
    expect(result.annotations[0]).toMatchObject({
      level: 'error',
      file: 'repo/uv.lock',
      startLine: 7,
    });
    expect(result.annotations[0].message).toContain(pkgs[0]);
  });
});

describe('grype through the exec port', () => {
  test('image scan: report from stdout, DB URL and cache dir in the environment', async () => {
    replay('grype/image_debian-12_grype-0.97.1_multi-scanner_TRIMMED.json');
    const result = await scan(
      config({
        'image-ref': IMAGE,
        scanner: 'grype',
        'db-repository': 'http://127.0.0.1:9/grype/databases',
        'fail-on': 'CRITICAL',
      }),
      ports(),
    );
    const call = lastCall();
    expect(call).toMatchObject({
      name: 'grype',
      argv: [IMAGE, '--output', 'json'],
      env: {
        GRYPE_DB_UPDATE_URL: 'http://127.0.0.1:9/grype/databases',
        GRYPE_DB_CACHE_DIR: join(work, '.cache/oasis-scan/grype'),
        GRYPE_CHECK_FOR_APP_UPDATE: 'false',
      },
    });
    // 5 Critical, 21 High, 23 Medium, 3 Low + 8 Negligible, in the recorded report
    expect(result.counts).toMatchObject({
      critical: 5,
      high: 21,
      medium: 23,
      low: 11,
      unknown: 0,
      total: 60,
    });
    expect(result.failing).toBe(5);
    expect(result.scanner).toEqual({ name: 'grype', version: '0.97.1' });
  });

  test('directory scan uses dir: and non-zero exit is an error', async () => {
    replay('grype/dir_python-binary_grype-0.105.0_doc-rag.json', { REPLAY_SCANNER_EXIT: '2' });
    await expect(scan(config({ path: '.', scanner: 'grype' }), ports())).rejects.toThrow(
      /grype failed with exit code 2/,
    );
    expect(lastCall().argv[0]).toBe(`dir:${work}`);
  });
});

describe('report input (no scanner runs)', () => {
  test('an existing Grype report is detected and gated', async () => {
    const result = await scan(
      config({ report: join(FIXTURES, 'grype/dir_python-binary_grype-0.105.0_doc-rag.json') }),
      ports(),
    );
    expect(result.counts).toMatchObject({ high: 9, medium: 5, total: 14 });
    expect(result.outputs.report).toBe(
      join(FIXTURES, 'grype/dir_python-binary_grype-0.105.0_doc-rag.json'),
    );
  });

  test('an unreadable report names the input', async () => {
    await expect(scan(config({ report: 'missing.json' }), ports())).rejects.toThrow(
      /input 'report': cannot read .*missing\.json \(ENOENT\)/,
    );
  });

  test('a malformed report names the input', async () => {
    writeFileSync(join(work, 'bad.json'), '{"SchemaVersion": 2, "Results": [');
    await expect(scan(config({ report: 'bad.json' }), ports())).rejects.toThrow(
      /input 'report': .*bad\.json is not a JSON scanner report/,
    );
  });

  test('an ignore file named explicitly must exist', async () => {
    await expect(
      scan(
        config({
          report: join(FIXTURES, 'grype/dir_python-binary_grype-0.105.0_doc-rag.json'),
          'ignore-file': 'nope.yaml',
        }),
        ports(),
      ),
    ).rejects.toThrow(/input 'ignore-file': cannot read '.*nope\.yaml' \(ENOENT\)/);
  });
});
