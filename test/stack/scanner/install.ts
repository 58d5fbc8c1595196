import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPLAY = new URL('./replay-scanner.mjs', import.meta.url).pathname;

/**
 * Writes an executable `trivy` or `grype` into `dir` that runs the replaying stand-in with this
 * Node. Put `dir` first on PATH (or pass it as the scan's search path).
 */
export function installReplayScanner(dir: string, name: 'trivy' | 'grype'): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!${process.execPath}\nimport(${JSON.stringify(REPLAY)});\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * A release archive like the upstream one (`<name>` at the top of a .tar.gz) holding the
 * stand-in, and its sha256: what the installer downloads and verifies in tests.
 */
export function replayScannerTarball(name: 'trivy' | 'grype'): {
  path: string;
  sha256: string;
  dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), `oasis-${name}-release-`));
  const content = join(dir, 'content');
  installReplayScanner(content, name);
  writeFileSync(join(content, 'LICENSE'), 'stand-in for tests\n');
  const path = join(dir, `${name}_test_Linux-64bit.tar.gz`);
  const tar = spawnSync('tar', ['-czf', path, '-C', content, name, 'LICENSE']);
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { path, sha256, dir };
}
