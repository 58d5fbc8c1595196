#!/usr/bin/env node
// `npm start`: the whole deploy pipeline on this machine, nothing but loopback.
// Installs what is missing (Debian packages as root, npm dependencies), builds any missing
// bundle, then runs scripts/local-pipeline.ts: the local stack (Docker engine, registry, kube
// API double, GitHub API double, GitOps repository) and the deploy action twice: staging through
// GitOps, then production direct with an approval, a rollout and verification. `--keep` leaves
// the stack running.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installNode, installSystem } from './install-deps.js';

const root = new URL('..', import.meta.url).pathname;
if (!installSystem() || !installNode()) process.exit(1);

const missing = ['deploy', 'k8s-rollout'].filter(
  (step) => !existsSync(join(root, 'dist', step, 'index.js')),
);
if (missing.length > 0) {
  const build = spawnSync(process.execPath, ['scripts/build.js', ...missing], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(1);
}
// Ctrl-C reaches the pipeline too, which tears the stack down; wait for it instead of dying first.
process.on('SIGINT', () => undefined);
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'scripts/local-pipeline.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
