#!/usr/bin/env node
// Installs what the tests and the local pipeline need on a fresh machine of this kind:
// Debian packages (when running as root) and the npm dependencies from package-lock.json.
// Idempotent and quiet when everything is already there. Plain Node: runs before npm ci.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

// program -> Debian package that provides it
const SYSTEM = [
  ['dockerd', 'docker.io'],
  ['docker-registry', 'docker-registry'],
  ['busybox', 'busybox-static'],
  ['git', 'git'],
  ['htpasswd', 'apache2-utils'],
  ['prometheus', 'prometheus'],
];

function has(program) {
  return (
    spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status === 0
  );
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  return result.status === 0;
}

// The sample service's accept loop is compiled static: gcc and glibc's static libc.a.
function hasStaticLibc() {
  const result = spawnSync('gcc', ['-print-file-name=libc.a'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim().includes('/');
}

export function installSystem() {
  const busyboxStatic = existsSync('/bin/busybox') || existsSync('/usr/bin/busybox');
  const missing = SYSTEM.filter(([program]) =>
    program === 'busybox' ? !busyboxStatic : !has(program),
  ).map(([, pkg]) => pkg);
  if (!has('gcc')) missing.push('gcc');
  if (!hasStaticLibc()) missing.push('libc6-dev');
  if (missing.length === 0) return true;
  if (process.getuid?.() !== 0) {
    console.error(
      `install-deps: missing Debian packages: ${missing.join(' ')}.\n` +
        `  Install them as root: apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
    return false;
  }
  console.log(`install-deps: installing ${missing.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return (
    run('apt-get', ['update', '-qq'], { env }) &&
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env })
  );
}

export function installNode() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return true;
  console.log('install-deps: npm ci');
  if (run('npm', ['ci', '--no-audit', '--no-fund'])) return true;
  // npm 11 can write a lock without other platforms' optional packages and then refuse it in
  // `npm ci`; the same lock still installs exactly with `npm install --no-save`.
  console.log('install-deps: npm ci refused the lock file; installing from it with npm install');
  return run('npm', ['install', '--no-save', '--no-audit', '--no-fund']);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = installSystem() && installNode();
  process.exit(ok ? 0 : 1);
}
