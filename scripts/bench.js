#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts with `node --import tsx`, one after the other, and
// prints what each prints. `npm run bench -- cold-start` runs only the named ones.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((file) => file.endsWith('.ts') && !file.startsWith('_'))
  .filter((file) => wanted.length === 0 || wanted.includes(file.replace(/\.ts$/, '')))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    console.log(
      `=== bench/${file} FAILED (exit ${result.status ?? result.signal}) after ${seconds}s`,
    );
  } else {
    console.log(`=== bench/${file} done in ${seconds}s`);
  }
}
console.log(`\nbench: ${benches.length - failed}/${benches.length} benchmarks ran`);
process.exit(failed ? 1 : 0);
