/**
 * 20 concurrent update-gitops-manifest runs, each bumping a different service in one GitOps repo
 * served over smart HTTP (git http-backend behind a token-checking loopback server).
 * Prints: landed, lost (a bump missing from the final tree), forced updates in the bare repo's
 * reflog, attempts, and p50/p95/max time to land. Goal: 20/20 landed, 0 lost, p95 ≤ 15 s.
 *
 *   node --import tsx bench/gitops-concurrency.ts [runs=20] [rounds=1] [--in-process]
 *
 * By default each run is a real process running the bundled action (dist/, as a runner would),
 * with INPUT_* in its environment; --in-process calls updateGitopsManifest() 20 times in this
 * process instead (then one event loop spawns every git process, which is slower).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapInputs } from '../src/shared/inputs.js';
import { getInputs } from '../src/update-gitops-manifest/inputs.js';
import { updateGitopsManifest } from '../src/update-gitops-manifest/update-gitops-manifest.js';
import { startGitServer } from '../test/stack/git-server.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const inProcess = process.argv.includes('--in-process');
const runs = Number(args[0] ?? 20);
const rounds = Number(args[1] ?? 1);
const entry = new URL('../dist/update-gitops-manifest/index.js', import.meta.url).pathname;

/** One run of the bundled action in its own process; resolves with its exit code and output. */
function runProcess(inputs: Record<string, string>): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RUNNER_TEMP: scratch,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
const token = 'bench-token-0123456789';

function manifest(i: number, tag: string): string {
  return `# service ${i}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.test/acme/svc-${i}:${tag} # bumped by CI\n`;
}

function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`,
);
const scratch = mkdtempSync(join(tmpdir(), 'oasis-bench-gitops-'));
process.env.RUNNER_TEMP = scratch;
const server = await startGitServer({ token });
try {
  {
    // Baseline under the same machine load: one run alone (clone, edit, commit, push).
    const solo = await server.createBareRepo('solo', {
      'apps/svc-0/deployment.yaml': manifest(0, '1.0.0'),
    });
    const started = performance.now();
    await updateGitopsManifest(
      getInputs(
        mapInputs({
          repository: solo.url,
          token,
          images: 'registry.example.test/acme/svc-0=2.0.0',
        }),
        {},
      ),
      { log: () => undefined },
    );
    console.log(
      `baseline: one run alone lands in ${((performance.now() - started) / 1000).toFixed(2)}s`,
    );
  }
  for (let round = 1; round <= rounds; round++) {
    const files: Record<string, string> = {};
    for (let i = 0; i < runs; i++) files[`apps/svc-${i}/deployment.yaml`] = manifest(i, '1.0.0');
    const repo = await server.createBareRepo(`bench-${round}`, files);
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: runs }, async (_, i) => {
        const inputs = {
          repository: repo.url,
          token,
          images: `registry.example.test/acme/svc-${i}=2.0.${i}`,
          timeout: '120s',
          'max-attempts': '200',
        };
        if (!inProcess) {
          const { code, output } = await runProcess(inputs);
          const attempts = Number(/on attempt (\d+)/.exec(output)?.[1] ?? 0);
          const error =
            code === 0 ? undefined : (/::error::(.*)/.exec(output)?.[1] ?? output.slice(-300));
          return { ok: code === 0, ms: performance.now() - started, attempts, error };
        }
        try {
          const result = await updateGitopsManifest(getInputs(mapInputs(inputs), {}), {
            log: () => undefined,
          });
          return { ok: result.changed, ms: performance.now() - started, attempts: result.attempts };
        } catch (error) {
          return { ok: false, ms: performance.now() - started, attempts: 0, error: String(error) };
        }
      }),
    );
    const landed = outcomes.filter((o) => o.ok).length;
    let lost = 0;
    for (let i = 0; i < runs; i++) {
      const text = git(repo.path, ['show', `main:apps/svc-${i}/deployment.yaml`]);
      if (text !== manifest(i, `2.0.${i}`).trim()) lost++;
    }
    const reflog = git(repo.path, ['reflog', 'show', '--format=%H', 'refs/heads/main'])
      .split('\n')
      .reverse();
    let forced = 0;
    for (let i = 1; i < reflog.length; i++) {
      const ff = spawnSync('git', ['merge-base', '--is-ancestor', reflog[i - 1], reflog[i]], {
        cwd: repo.path,
      });
      if (ff.status !== 0) forced++;
    }
    const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const attempts = outcomes.map((o) => o.attempts);
    console.log(
      `round ${round} (${inProcess ? 'in-process' : 'processes'}): runs=${runs} landed=${landed}/${runs} lost=${lost} forced=${forced} ` +
        `attempts(avg/max)=${(attempts.reduce((a, b) => a + b, 0) / runs).toFixed(1)}/${Math.max(...attempts)} ` +
        `time-to-land p50=${(percentile(times, 50) / 1000).toFixed(2)}s p95=${(percentile(times, 95) / 1000).toFixed(2)}s max=${(times[times.length - 1] / 1000).toFixed(2)}s`,
    );
    for (const o of outcomes) if ('error' in o && o.error) console.log(`  error: ${o.error}`);
  }
} finally {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
