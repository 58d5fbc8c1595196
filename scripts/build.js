#!/usr/bin/env node
// Builds one ncc bundle per action: src/<step>/index.ts -> dist/<step>/index.js.
// `node scripts/build.js [step...]` builds the named steps only. Each bundle is built into a
// temporary folder and swapped in only when its build succeeded, so a failed build never
// leaves a half-written dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const all = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'src', entry.name, 'index.ts')))
  .map((entry) => entry.name)
  .sort();
const wanted = process.argv.slice(2);
for (const step of wanted) {
  if (!all.includes(step)) {
    console.error(`build: no action '${step}' (src/${step}/index.ts); actions: ${all.join(', ')}`);
    process.exit(2);
  }
}
const steps = wanted.length > 0 ? wanted : all;
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
// TypeScript first (ESM JavaScript in .build/), then ncc bundles that JavaScript: ncc's own
// TypeScript loader would emit CommonJS, where top-level await and ESM-only packages fail.
// Type errors are the typecheck's business (`npm run typecheck`); the build only transpiles,
// into a folder of its own so that builds running side by side do not collide.
mkdirSync(join(root, '.build'), { recursive: true });
const js = mkdtempSync(join(root, '.build', 'tsc-'));
const tsc = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.build.json',
    '--noCheck',
    '--outDir',
    js,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) {
  console.error('build: TypeScript could not emit; dist/ left as it was');
  rmSync(js, { recursive: true, force: true });
  process.exit(1);
}
let failed = 0;
for (const step of steps) {
  const out = mkdtempSync(join(tmpdir(), `oasis-build-${step}-`));
  const result = spawnSync(
    process.execPath,
    [
      ncc,
      'build',
      join(js, step, 'index.js'),
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022',
    ],
    // ncc names modules (and derives module and chunk ids) from paths relative to its working
    // directory: run it inside the temporary folder so the random folder name stays out of
    // them and the same sources always make the same bundle (CI compares dist/ with a rebuild).
    { cwd: js, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`build: ${step} failed; dist/${step} left as it was`);
    rmSync(out, { recursive: true, force: true });
    failed++;
    continue;
  }
  const target = join(root, 'dist', step);
  mkdirSync(join(root, 'dist'), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  try {
    renameSync(out, target);
  } catch {
    spawnSync('cp', ['-r', out, target]);
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`build: dist/${step}/index.js`);
}
rmSync(js, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
