#!/usr/bin/env node
// `npm test`: installs what is missing, then runs every jest project (unit, integration, e2e).
// Extra arguments go to jest, e.g. `npm test -- --selectProjects unit` or a path pattern.
import { spawnSync } from 'node:child_process';
import { installNode, installSystem } from './install-deps.js';

if (!installSystem() || !installNode()) process.exit(1);
const root = new URL('..', import.meta.url).pathname;
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
