/**
 * Cold start of every bundle in dist/: the median wall time of `node dist/<step>/index.js` with
 * no inputs, until it exits with its "input required" error, and the bundle's size.
 * Goal: ≤ 150 ms median on this machine. `node -e 0` is measured too, as the floor.
 *
 *   node --import tsx bench/cold-start.ts [runs]      (default 21 runs per bundle, 2 warm-ups)
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 21);
const GOAL_MS = 150;

/** An environment without any INPUT_* or GITHUB_* variable: a step started with no inputs. */
function bareEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(INPUT_|GITHUB_|RUNNER_)/.test(key)) env[key] = value;
  }
  return env;
}

interface Sample {
  times: number[];
  /** CPU time (user + system, all threads) of each run: what a busy machine does not inflate. */
  cpu: number[];
  status: number | null;
  output: string;
}

/** Preloaded into each run: prints the process's CPU time as it exits. */
const CPU_PROBE =
  "data:text/javascript,import{writeSync}from'node:fs';process.on('exit',()=>{const u=process.cpuUsage();writeSync(2,'\\ncpu-us '+(u.user+u.system)+'\\n')})";

/** One timed run of `node args` (no inputs, an empty working directory). */
function once(args: string[], cwd: string, sample: Sample, record: boolean) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', CPU_PROBE, ...args], {
    cwd,
    env: bareEnv(),
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = /\ncpu-us (\d+)\n/.exec(result.stderr);
  if (record) {
    sample.times.push(ms);
    if (cpu) sample.cpu.push(Number(cpu[1]) / 1000);
  }
  sample.status = result.status;
  sample.output = `${result.stdout}${result.stderr.replace(/\ncpu-us \d+\n/, '')}`;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function sizeOf(dir: string) {
  let main = 0;
  let chunks = 0;
  for (const file of readdirSync(dir)) {
    if (!/\.m?js$/.test(file)) continue;
    const size = statSync(join(dir, file)).size;
    if (file === 'index.js' || file === 'index.mjs') main = size;
    else chunks += size;
  }
  return { main, chunks };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const cwd = mkdtempSync(join(tmpdir(), 'oasis-cold-start-'));
try {
  const bundles = readdirSync(join(root, 'dist'), { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(root, 'dist', entry.name, 'index.js')),
    )
    .map((entry) => entry.name)
    .sort();
  // Round-robin: every round runs the floor and each bundle once, so a busy machine slows
  // them alike and "above the floor" stays meaningful.
  // A reference bundle holding nothing but @actions/core failing on a missing input: what every
  // action pays before its own code runs.
  const reference = join(cwd, 'core-only');
  mkdirSync(join(root, '.build'), { recursive: true });
  writeFileSync(
    join(root, '.build', `cold-start-core-${process.pid}.mjs`),
    "import * as core from '@actions/core';\ncore.setFailed(\"input 'x': is required\");\n",
  );
  const ncc = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      `.build/cold-start-core-${process.pid}.mjs`,
      '-o',
      reference,
      '--quiet',
      '--target',
      'es2022',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  rmSync(join(root, '.build', `cold-start-core-${process.pid}.mjs`), { force: true });
  const referenceEntry = readdirSync(reference).find((file) => /^index\.m?js$/.test(file));
  if (ncc.status !== 0 || !referenceEntry) throw new Error(`ncc failed: ${ncc.stderr}`);
  const commands: Array<[string, string[]]> = [
    ['node -e 0', ['-e', '0']],
    ['(@actions/core only)', [join(reference, referenceEntry)]],
    ...bundles.map((step): [string, string[]] => [step, [join(root, 'dist', step, 'index.js')]]),
  ];
  const samples = new Map(
    commands.map(([name]) => [name, { times: [], cpu: [], status: 0, output: '' } as Sample]),
  );
  for (let round = 0; round < runs + 2; round++) {
    for (const [name, args] of commands) once(args, cwd, samples.get(name)!, round >= 2);
  }
  const floor = median(samples.get('node -e 0')!.times);
  const floorCpu = median(samples.get('node -e 0')!.cpu);
  const [load] = loadavg();
  console.log(
    `cold start: median of ${runs} runs each (wall time; CPU time, which load does not inflate); ` +
      `goal ≤ ${GOAL_MS} ms; load average ${load.toFixed(1)} on ${cpus().length} CPUs`,
  );
  const row = (name: string, sample: Sample, rest: string) => {
    const wall = median(sample.times);
    const cpu = median(sample.cpu);
    console.log(
      `${name.padEnd(24)} ${wall.toFixed(0).padStart(4)} ms wall (+${(wall - floor).toFixed(0).padStart(3)} over node -e 0)` +
        `  ${cpu.toFixed(0).padStart(4)} ms cpu (+${(cpu - floorCpu).toFixed(0).padStart(3)})  ${rest}`,
    );
    return wall;
  };
  row('node -e 0', samples.get('node -e 0')!, '(the floor)');
  row(
    '(@actions/core only)',
    samples.get('(@actions/core only)')!,
    `bundle ${kib(sizeOf(reference).main)} (what every action pays first)`,
  );
  let over = 0;
  for (const step of bundles) {
    const sample = samples.get(step)!;
    const size = sizeOf(join(root, 'dist', step));
    const lines = sample.output.split('\n');
    const error = lines.find((line) => line.startsWith('::error::')) ?? lines[0];
    const clean = sample.status !== 0 && /required|usage|nothing to/i.test(sample.output);
    const wall = row(
      step,
      sample,
      `bundle ${kib(size.main)}${size.chunks ? ` + ${kib(size.chunks)} lazy` : ''}` +
        `  exit ${sample.status}${clean ? '' : ' (NOT a clean input error)'}: ${error.slice(0, 60)}`,
    );
    if (wall > GOAL_MS) over++;
  }
  console.log(`${bundles.length - over}/${bundles.length} bundles within ${GOAL_MS} ms (wall)`);
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
