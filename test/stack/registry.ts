import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec } from '../../src/shared/exec.js';
import { freePort } from './free-port.js';
import { isAlive, startDaemon, stopProcess, waitFor } from './processes.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface LocalRegistry {
  /** `127.0.0.1:PORT`, usable as the registry part of an image reference. */
  host: string;
  /** docker-registry's process id and its temp dir (config, htpasswd, storage, log). */
  pid: number;
  dir: string;
  stop(): Promise<void>;
}

/** Registry API v2 media types a client asks for when it resolves a tag to a digest. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

async function htpasswdLine({ username, password }: RegistryCredentials): Promise<string> {
  // -i: the password comes on stdin, never on a command line; -B: bcrypt (what the registry reads)
  const result = await processExec.run('htpasswd', ['-niB', username], {
    input: `${password}\n`,
    secrets: [password],
  });
  if (result.code !== 0) {
    throw new Error(
      `htpasswd failed (${result.code}): ${result.stderr.trim()}. ` +
        "Install Debian's apache2-utils (apt-get install -y apache2-utils).",
    );
  }
  return result.stdout.trim();
}

function registryConfig(dir: string, port: number, auth: boolean) {
  return {
    version: 0.1,
    log: {
      level: 'warn',
      accesslog: { disabled: true },
      fields: { service: 'oasis-test-registry' },
    },
    storage: {
      filesystem: { rootdirectory: join(dir, 'data') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: {
      addr: `127.0.0.1:${port}`,
      secret: `oasis-test-${port}`,
      headers: { 'X-Content-Type-Options': ['nosniff'] },
    },
    ...(auth ? { auth: { htpasswd: { realm: 'oasis-test', path: join(dir, 'htpasswd') } } } : {}),
  };
}

/**
 * Debian's docker-registry on a free 127.0.0.1 port with its config, storage and log in a temp
 * dir; with `auth`, htpasswd (bcrypt) basic auth. Resolves once `/v2/` answers.
 */
export async function startRegistry(
  opts: { auth?: RegistryCredentials } = {},
): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'oasis-registry-'));
  try {
    if (opts.auth) writeFileSync(join(dir, 'htpasswd'), `${await htpasswdLine(opts.auth)}\n`);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const configFile = join(dir, 'config.yml');
      // JSON is YAML: the registry reads it as its config file.
      writeFileSync(configFile, JSON.stringify(registryConfig(dir, port, !!opts.auth), null, 2));
      const logFile = join(dir, 'registry.log');
      const pid = startDaemon('docker-registry', ['serve', configFile], logFile);
      const host = `127.0.0.1:${port}`;
      try {
        await waitFor(
          `docker-registry on ${host}`,
          async () => {
            const response = await fetch(`http://${host}/v2/`);
            return response.status === 200 || response.status === 401 ? true : undefined;
          },
          { timeoutMs: 20_000, pid, logFile },
        );
      } catch (error) {
        await stopProcess(pid);
        const log = readFileSync(logFile, 'utf8');
        if (attempt < 4 && /address already in use/i.test(log)) continue;
        throw error;
      }
      return {
        host,
        pid,
        dir,
        stop: async () => {
          await stopProcess(pid);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops a registry started by another process (from the stack's state file). */
export async function stopRegistryProcess(pid: number, dir: string): Promise<void> {
  if (isAlive(pid)) await stopProcess(pid);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The digest the registry serves for `repository:reference` (HEAD of the manifest over the
 * Registry API v2), or undefined when the tag does not exist.
 */
export async function registryDigest(
  host: string,
  repository: string,
  reference: string,
  auth?: RegistryCredentials,
): Promise<string | undefined> {
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
  if (auth) {
    headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers,
  });
  if (response.status === 404) return undefined;
  if (!response.ok) {
    throw new Error(
      `registry ${host}: HEAD manifest ${repository}:${reference} → ${response.status}`,
    );
  }
  return response.headers.get('docker-content-digest') ?? undefined;
}
