#!/usr/bin/env node
// `npm start`: the local pipeline on this machine, nothing but loopback.
// For now: brings up the local stack (Docker engine, registry on 127.0.0.1), writes the sample
// service's source into a temp workspace, and runs the build-image action on it (its bundle,
// as GitHub runs it, through the oasis CLI), pushing it into the local registry. Prints the
// image-ref (name@sha256:…) that the later steps deploy. The registry stays up afterwards;
// `node --import tsx test/stack/stack-cli.ts down` stops it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installNode, installSystem } from './install-deps.js';

const root = new URL('..', import.meta.url).pathname;
if (!installSystem() || !installNode()) process.exit(1);

function node(args, options = {}) {
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', ...options });
}

for (const step of ['build-image', 'cli']) {
  if (!existsSync(join(root, 'dist', step, 'index.js'))) {
    if (node(['scripts/build.js', step], { stdio: 'inherit' }).status !== 0) process.exit(1);
  }
}

console.log('start: bringing up the local stack (Docker engine, registry)…');
const up = node(
  ['--import', 'tsx', 'test/stack/stack-cli.ts', 'up', '--owner', String(process.pid)],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
if (up.status !== 0) process.exit(1);
const stack = JSON.parse(up.stdout.trim().split('\n').pop());
const registry = stack.OASIS_TEST_REGISTRY;

const workspace = mkdtempSync(join(tmpdir(), 'oasis-start-'));
try {
  const context = node(
    ['--import', 'tsx', 'test/stack/stack-cli.ts', 'sample-context', workspace],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (context.status !== 0) process.exit(1);
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const sha = head.status === 0 ? head.stdout.trim() : '0'.repeat(40);
  console.log(`start: build-image → ${registry}/oasis/sample-app`);
  const run = node(
    [
      'bin/oasis.js',
      'run',
      'build-image',
      '--workspace',
      workspace,
      '--event',
      'push',
      '--ref',
      'refs/heads/main',
      '--sha',
      sha,
      '--repository',
      'oasis/sample-app',
      '--input',
      `images=${registry}/oasis/sample-app`,
      '--input',
      'build-args=VERSION=1.0.0',
      '--input',
      'network=none',
    ],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error('start: build-image failed');
    process.exit(run.status ?? 1);
  }
  console.log(
    `\nstart: the registry stays up at ${registry} ` +
      '(stop it with `node --import tsx test/stack/stack-cli.ts down`).',
  );
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
