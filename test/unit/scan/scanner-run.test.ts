import { scannerCommand, runScanner } from '../../../src/scan/scanner-run.js';
import type { Exec } from '../../../src/shared/exec.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = { binary: '/bin/x', reportPath: '/tmp/r.json', timeoutMs: 600_000 };

describe('scanner command lines (argument arrays, never a shell)', () => {
  test('trivy image: JSON to the report path, exit code 0, DB options, the ref after --', () => {
    const { args, env } = scannerCommand({
      ...base,
      scanner: 'trivy',
      target: { kind: 'image', ref: 'reg/app@sha256:abc' },
      dbRepository: 'mirror/trivy-db:2',
      cacheDir: '/c',
    });
    expect(args).toEqual([
      'image',
      '--format',
      'json',
      '--output',
      '/tmp/r.json',
      '--exit-code',
      '0',
      '--scanners',
      'vuln',
      '--no-progress',
      '--timeout',
      '600s',
      '--db-repository',
      'mirror/trivy-db:2',
      '--cache-dir',
      '/c',
      '--',
      'reg/app@sha256:abc',
    ]);
    expect(env).toEqual({});
  });

  test('a path that looks like an option stays a path', () => {
    const { args } = scannerCommand({
      ...base,
      scanner: 'trivy',
      target: { kind: 'path', path: '--help' },
    });
    expect(args[0]).toBe('fs');
    expect(args.slice(-2)).toEqual(['--', '--help']);
  });

  test('grype: dir: source, JSON on stdout, DB settings in the environment', () => {
    const { args, env } = scannerCommand({
      ...base,
      scanner: 'grype',
      target: { kind: 'path', path: '/src' },
      dbRepository: 'https://mirror/grype/databases',
      cacheDir: '/c',
    });
    expect(args).toEqual(['dir:/src', '--output', 'json']);
    expect(env).toEqual({
      GRYPE_CHECK_FOR_APP_UPDATE: 'false',
      GRYPE_DB_UPDATE_URL: 'https://mirror/grype/databases',
      GRYPE_DB_CACHE_DIR: '/c',
    });
  });
});

describe('runScanner over a fake Exec', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oasis-scan-run-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a non-zero exit quotes the last stderr lines', async () => {
    const exec: Exec = {
      run: async (_c, _a, options) => {
        for (let i = 1; i <= 12; i++) options?.onLine?.(`line ${i}`, 'stderr');
        return { code: 3, stdout: '', stderr: '' };
      },
    };
    const logs: string[] = [];
    await expect(
      runScanner(
        {
          ...base,
          reportPath: join(dir, 'r.json'),
          scanner: 'grype',
          target: { kind: 'image', ref: 'a:1' },
        },
        exec,
        (l) => logs.push(l),
      ),
    ).rejects.toThrow(/grype failed with exit code 3:\nline 5\n[\s\S]*line 12$/);
    expect(logs).toContain('  line 1');
  });

  test('trivy exiting 0 without a report is an error', async () => {
    const exec: Exec = { run: async () => ({ code: 0, stdout: '', stderr: '' }) };
    const reportPath = join(dir, 'r.json');
    await expect(
      runScanner(
        { ...base, reportPath, scanner: 'trivy', target: { kind: 'image', ref: 'a:1' } },
        exec,
        () => undefined,
      ),
    ).rejects.toThrow(`trivy exited 0 but wrote no report to ${reportPath}`);
  });
});
