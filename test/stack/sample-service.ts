import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec, type ExecResult } from '../../src/shared/exec.js';
import { freePort } from './free-port.js';
import { GiveUp, waitFor } from './processes.js';
import { registryDigest, type RegistryCredentials } from './registry.js';

export type SampleVariant = 'normal' | 'crashloop' | 'never-ready';

const SOURCES = new URL('./sample-image/', import.meta.url).pathname;
const SOURCE_FILES = ['Dockerfile', 'serve.c', 'start.sh', 'handler.sh'];
const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

/** A hash of the sample image's sources: the stack rebuilds its images when it changes. */
export function sampleSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCE_FILES) hash.update(readFileSync(join(SOURCES, file)));
  return hash.digest('hex').slice(0, 16);
}

function check(result: ExecResult, what: string): ExecResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} failed (exit ${result.code}):\n${(result.stderr || result.stdout).slice(-3000)}`,
    );
  }
  return result;
}

let contextDir: string | undefined;

/**
 * The build context: rootfs/ with Debian's static busybox and its applet symlinks, the accept
 * loop compiled static with gcc, the sh scripts, and the Dockerfile. Made once per process in a
 * temp dir removed at exit, or into `target` (kept) when given.
 */
export async function sampleBuildContext(target?: string): Promise<string> {
  if (!target && contextDir && existsSync(contextDir)) return contextDir;
  const busybox = BUSYBOX_CANDIDATES.find((path) => existsSync(path));
  if (!busybox) {
    throw new Error(
      "busybox not found: install Debian's busybox-static (apt-get install -y busybox-static)",
    );
  }
  const dir = target ?? mkdtempSync(join(tmpdir(), 'oasis-sample-context-'));
  const rootfs = join(dir, 'rootfs');
  for (const sub of ['bin', 'app', 'tmp']) mkdirSync(join(rootfs, sub), { recursive: true });
  chmodSync(join(rootfs, 'tmp'), 0o1777);
  copyFileSync(busybox, join(rootfs, 'bin', 'busybox'));
  chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
  const applets = check(await processExec.run(busybox, ['--list']), 'busybox --list')
    .stdout.split('\n')
    .map((name) => name.trim())
    .filter((name) => /^[\w.[\]-]+$/.test(name) && name !== 'busybox');
  for (const applet of applets) symlinkSync('busybox', join(rootfs, 'bin', applet));
  check(
    await processExec.run('gcc', [
      '-static',
      '-Os',
      '-s',
      '-o',
      join(rootfs, 'app', 'serve'),
      join(SOURCES, 'serve.c'),
    ]),
    'gcc (compiling the sample accept loop; apt-get install -y gcc libc6-dev)',
  );
  for (const script of ['start.sh', 'handler.sh']) {
    copyFileSync(join(SOURCES, script), join(rootfs, 'app', script));
    chmodSync(join(rootfs, 'app', script), 0o755);
  }
  copyFileSync(join(SOURCES, 'Dockerfile'), join(dir, 'Dockerfile'));
  if (target) return dir;
  contextDir = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Builds the sample service image (`docker build --network none`, nothing pulled) and pushes it.
 * Returns the tag reference and the digest the registry serves for it.
 */
export async function buildSampleImage(opts: {
  registry: string;
  repository?: string;
  tag: string;
  version?: string;
  variant?: SampleVariant;
  /** Credentials for a registry with auth (login into a private DOCKER_CONFIG, then logout). */
  auth?: RegistryCredentials;
}): Promise<{ ref: string; digest: string }> {
  const repository = opts.repository ?? 'oasis/sample';
  const ref = `${opts.registry}/${repository}:${opts.tag}`;
  const context = await sampleBuildContext();
  // The classic builder: it needs no buildx, and the image has no RUN step that BuildKit could speed up.
  const env = { ...process.env, DOCKER_BUILDKIT: '0' };
  check(
    await processExec.run(
      'docker',
      [
        'build',
        '--network',
        'none',
        '--quiet',
        '--build-arg',
        `VERSION=${opts.version ?? opts.tag}`,
        '--build-arg',
        `VARIANT=${opts.variant ?? 'normal'}`,
        '--tag',
        ref,
        context,
      ],
      { env, timeoutMs: 300_000 },
    ),
    `docker build ${ref}`,
  );
  const configDir = opts.auth ? mkdtempSync(join(tmpdir(), 'oasis-docker-config-')) : undefined;
  const dockerEnv = configDir ? { ...process.env, DOCKER_CONFIG: configDir } : process.env;
  try {
    if (opts.auth) {
      check(
        await processExec.run(
          'docker',
          ['login', '--username', opts.auth.username, '--password-stdin', opts.registry],
          { env: dockerEnv, input: opts.auth.password, secrets: [opts.auth.password] },
        ),
        `docker login ${opts.registry}`,
      );
    }
    check(
      await processExec.run('docker', ['push', ref], { env: dockerEnv, timeoutMs: 300_000 }),
      `docker push ${ref}`,
    );
  } finally {
    if (configDir) {
      await processExec.run('docker', ['logout', opts.registry], { env: dockerEnv });
      rmSync(configDir, { recursive: true, force: true });
    }
  }
  const digest = await registryDigest(opts.registry, repository, opts.tag, opts.auth);
  if (!digest)
    throw new Error(`registry ${opts.registry} has no manifest for ${ref} after the push`);
  return { ref, digest };
}

export interface SampleContainer {
  /** `http://POD_IP:PORT` */
  url: string;
  /** The container's id (for `docker logs`, `docker inspect`). */
  id: string;
  stop(): Promise<void>;
}

/**
 * Runs the sample image with `--network host`, bound to `podIp:port`, and waits until `/health`
 * answers. Throws (with the container's log) when the container exits first.
 */
export async function runSampleContainer(opts: {
  image: string;
  podIp?: string;
  port?: number;
  env?: Record<string, string>;
  /** Wait for /health to answer 200 (default true). */
  waitHealthy?: boolean;
}): Promise<SampleContainer> {
  const podIp = opts.podIp ?? '127.0.0.1';
  const port = opts.port ?? (await freePort(podIp));
  const name = `oasis-sample-${randomBytes(4).toString('hex')}`;
  const env = { ...(opts.env ?? {}), POD_IP: podIp, PORT: String(port) };
  const args = [
    'run',
    '--detach',
    '--network',
    'host',
    '--name',
    name,
    '--label',
    'oasis-test=sample',
    '--label',
    `oasis-test-pid=${process.pid}`,
  ];
  for (const [key, value] of Object.entries(env)) args.push('--env', `${key}=${value}`);
  args.push(opts.image);
  const id = check(
    await processExec.run('docker', args, { timeoutMs: 120_000 }),
    `docker run ${opts.image}`,
  ).stdout.trim();
  const url = `http://${podIp}:${port}`;
  const stop = async () => {
    await processExec.run('docker', ['rm', '--force', id], { timeoutMs: 60_000 });
  };
  if (opts.waitHealthy === false) return { url, id, stop };
  try {
    await waitFor(
      `sample container ${name} (${opts.image}) on ${url}`,
      async () => {
        const response = await fetch(`${url}/health`).catch(() => undefined);
        if (response?.status === 200) return true;
        const state = await processExec.run('docker', [
          'inspect',
          '--format',
          '{{.State.Running}}',
          id,
        ]);
        if (state.stdout.trim() === 'false') {
          const logs = await processExec.run('docker', ['logs', '--tail', '20', id]);
          throw new GiveUp(
            `sample container ${name} (${opts.image}) exited:\n${logs.stdout}${logs.stderr}`,
          );
        }
        return undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, id, stop };
}
