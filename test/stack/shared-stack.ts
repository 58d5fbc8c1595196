import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processExec } from '../../src/shared/exec.js';
import { ensureDockerEngine } from './docker-engine.js';
import { isAlive, stopProcess } from './processes.js';
import { registryDigest, startRegistry, stopRegistryProcess } from './registry.js';
import { buildSampleImage, sampleSourceHash, type SampleVariant } from './sample-service.js';

/**
 * The stack shared by every jest project and every jest process on this machine: one Docker
 * engine, one registry without auth, the sample images. A state file records what was started;
 * each `acquireStack()` adds the calling process to its users and each `releaseStack()` removes
 * it; the last user out stops what the stack started (never an engine it found running).
 */
const ROOT = new URL('../../', import.meta.url).pathname;
export const STACK_DIR = process.env.OASIS_STACK_DIR ?? join(ROOT, '.oasis-stack');
const STATE_FILE = join(STACK_DIR, 'state.json');
const LOCK_DIR = join(STACK_DIR, 'lock');

/** The sample images the stack publishes, with the environment variable naming each. */
export const SAMPLE_IMAGES: Array<{
  env: string;
  tag: string;
  version: string;
  variant: SampleVariant;
}> = [
  { env: 'OASIS_SAMPLE_V1', tag: 'v1', version: '1.0.0', variant: 'normal' },
  { env: 'OASIS_SAMPLE_V2', tag: 'v2', version: '2.0.0', variant: 'normal' },
  { env: 'OASIS_SAMPLE_CRASHLOOP', tag: 'crashloop', version: '1.0.0', variant: 'crashloop' },
  { env: 'OASIS_SAMPLE_NEVER_READY', tag: 'never-ready', version: '1.0.0', variant: 'never-ready' },
];
const REPOSITORY = 'oasis/sample';

interface StackState {
  engine?: { startedByUs: boolean; pid?: number };
  registry?: { host: string; pid: number; dir: string };
  images?: { hash: string; registry: string; refs: Record<string, string> };
  users: number[];
}

export interface StackEnv {
  OASIS_TEST_REGISTRY: string;
  [name: string]: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the lock's holder is gone: its pid is dead, or it never wrote one within a minute. */
function lockIsStale(): boolean {
  try {
    const owner = Number(readFileSync(join(LOCK_DIR, 'owner'), 'utf8'));
    return !isAlive(owner);
  } catch {
    try {
      return Date.now() - statSync(LOCK_DIR).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(STACK_DIR, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'owner'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A holder that was killed (Ctrl-C during globalSetup) leaves its lock behind.
      if (lockIsStale()) rmSync(LOCK_DIR, { force: true, recursive: true });
      if (Date.now() > deadline) throw new Error(`stack lock ${LOCK_DIR} is held too long`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function readState(): StackState {
  if (!existsSync(STATE_FILE)) return { users: [] };
  try {
    const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState;
    return { ...state, users: (state.users ?? []).filter((pid) => isAlive(pid)) };
  } catch {
    return { users: [] };
  }
}

function writeState(state: StackState) {
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

async function registryAnswers(host: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(3000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function imagesPresent(state: StackState, host: string, hash: string): Promise<boolean> {
  if (!state.images || state.images.hash !== hash || state.images.registry !== host) return false;
  for (const image of SAMPLE_IMAGES) {
    if (!(await registryDigest(host, REPOSITORY, image.tag).catch(() => undefined))) return false;
  }
  return true;
}

function stackEnv(state: StackState): StackEnv {
  return { OASIS_TEST_REGISTRY: state.registry!.host, ...state.images!.refs };
}

/** Brings the shared stack up (or joins it) and returns the environment that describes it. */
export async function acquireStack(
  log: (line: string) => void = () => undefined,
  owner = process.pid,
): Promise<StackEnv> {
  return withLock(async () => {
    const state = readState();
    const engine = await ensureDockerEngine();
    if (engine.startedByUs) {
      log(`stack: started dockerd (pid ${engine.pid})`);
      state.engine = { startedByUs: true, pid: engine.pid };
    } else if (!state.engine?.startedByUs || !isAlive(state.engine.pid)) {
      state.engine = { startedByUs: false };
    }
    if (
      !state.registry ||
      !isAlive(state.registry.pid) ||
      !(await registryAnswers(state.registry.host))
    ) {
      const registry = await startRegistry();
      state.registry = { host: registry.host, pid: registry.pid, dir: registry.dir };
      state.images = undefined;
      log(`stack: registry on ${registry.host}`);
    }
    const host = state.registry.host;
    const hash = sampleSourceHash();
    if (!(await imagesPresent(state, host, hash))) {
      const refs: Record<string, string> = {};
      for (const image of SAMPLE_IMAGES) {
        const built = await buildSampleImage({
          registry: host,
          repository: REPOSITORY,
          tag: image.tag,
          version: image.version,
          variant: image.variant,
        });
        refs[image.env] = built.ref;
      }
      state.images = { hash, registry: host, refs };
      log(`stack: pushed ${Object.values(refs).join(', ')}`);
    }
    state.users.push(owner);
    writeState(state);
    return stackEnv(state);
  });
}

/** Leaves the shared stack; the last user stops the registry and an engine the stack started. */
export async function releaseStack(
  log: (line: string) => void = () => undefined,
  owner = process.pid,
): Promise<void> {
  await withLock(async () => {
    if (!existsSync(STATE_FILE)) return;
    const state = readState();
    const index = state.users.indexOf(owner);
    if (index >= 0) state.users.splice(index, 1);
    if (state.users.length > 0) {
      writeState(state);
      return;
    }
    // Sample containers left by test processes that died without their afterAll (the engine may
    // be shared with other stacks: only containers of processes that are gone).
    const leftovers = await processExec.run('docker', [
      'ps',
      '--all',
      '--filter',
      'label=oasis-test=sample',
      '--format',
      '{{.ID}} {{.Label "oasis-test-pid"}}',
    ]);
    const ids = leftovers.stdout
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter(([id, pid]) => id && !isAlive(Number(pid)))
      .map(([id]) => id);
    if (ids.length > 0) await processExec.run('docker', ['rm', '--force', ...ids]);
    if (state.registry) {
      await stopRegistryProcess(state.registry.pid, state.registry.dir);
      log(`stack: stopped registry ${state.registry.host}`);
    }
    if (state.engine?.startedByUs && state.engine.pid) {
      await stopProcess(state.engine.pid, 20_000);
      log('stack: stopped dockerd');
    }
    rmSync(STATE_FILE, { force: true });
  });
}
