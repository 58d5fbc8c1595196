import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '../shared/errors.js';
import { PINNED_SCANNERS, type PinnedScanner } from './pinned-scanners.js';

/** The part of @actions/tool-cache the installer uses (a port, so tests can count calls). */
export interface ToolCache {
  find(tool: string, version: string, arch?: string): string;
  downloadTool(url: string): Promise<string>;
  extractTar(file: string, dest?: string): Promise<string>;
  cacheDir(sourceDir: string, tool: string, version: string, arch?: string): Promise<string>;
}

export interface ResolvedScanner {
  /** Absolute path of the executable. */
  path: string;
  /** Pinned version when installed by us; undefined for a binary found on PATH. */
  version?: string;
  source: 'path' | 'tool-cache' | 'download';
}

export interface InstallOptions {
  scanner: 'trivy' | 'grype';
  /**
   * Base URL of a mirror holding the release archives under their upstream file names
   * (`<mirror>/<file>`); the pinned checksum still decides whether one is run.
   */
  mirror?: string;
  /** Where to look for an installed binary first; default process.env.PATH. */
  searchPath?: string;
  platform?: string;
  arch?: string;
  pins?: Record<'trivy' | 'grype', PinnedScanner>;
  toolCache?: ToolCache;
  log?: (message: string) => void;
}

/**
 * Finds the scanner: on PATH, else in the runner's tool cache at the pinned version, else
 * downloads the pinned release, verifies its sha256 against the checksum kept in the repository
 * and only then unpacks and caches it. A mismatching archive is deleted and never run.
 */
export async function resolveScanner(options: InstallOptions): Promise<ResolvedScanner> {
  const log = options.log ?? (() => undefined);
  const pin = (options.pins ?? PINNED_SCANNERS)[options.scanner];
  const onPath = await findOnPath(pin.binary, options.searchPath ?? process.env.PATH ?? '');
  if (onPath) {
    log(`${options.scanner}: using ${onPath} from PATH`);
    return { path: onPath, source: 'path' };
  }
  const platform = `${options.platform ?? process.platform}-${options.arch ?? process.arch}`;
  const asset = pin.assets[platform];
  if (!asset) {
    throw new UserError(
      `${options.scanner} is not on PATH and no pinned release exists for ${platform} ` +
        `(pinned: ${Object.keys(pin.assets).join(', ')}); install ${options.scanner} before this step`,
    );
  }
  // Outside Actions (a laptop, the oasis CLI) the runner's tool cache and temp dirs are unset;
  // @actions/tool-cache needs both, so they get stable defaults.
  process.env.RUNNER_TOOL_CACHE ||= join(homedir(), '.cache', 'oasis-scan', 'tools');
  process.env.RUNNER_TEMP ||= tmpdir();
  const toolCache = options.toolCache ?? (await import('@actions/tool-cache'));
  const cached = toolCache.find(options.scanner, pin.version, options.arch ?? process.arch);
  if (cached) {
    log(`${options.scanner} ${pin.version}: found in the tool cache`);
    return { path: join(cached, pin.binary), version: pin.version, source: 'tool-cache' };
  }
  const url = options.mirror
    ? `${options.mirror.replace(/\/+$/, '')}/${asset.file}`
    : pin.url.replace('{version}', pin.version).replace('{file}', asset.file);
  log(`${options.scanner} ${pin.version}: downloading ${url}`);
  let archive: string;
  try {
    archive = await toolCache.downloadTool(url);
  } catch (error) {
    throw new UserError(
      `could not download ${options.scanner} ${pin.version} from ${url}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let unpacked: string | undefined;
  try {
    const actual = await sha256File(archive);
    if (actual !== asset.sha256) {
      throw new UserError(
        `refusing to run ${options.scanner}: ${asset.file} from ${url} has sha256 ${actual}, ` +
          `but the pinned checksum is ${asset.sha256}. The download was altered or is not the ` +
          `pinned release; it was deleted and not run`,
      );
    }
    log(`${options.scanner} ${pin.version}: sha256 verified (${actual})`);
    unpacked = await toolCache.extractTar(archive);
    const dir = await toolCache.cacheDir(
      unpacked,
      options.scanner,
      pin.version,
      options.arch ?? process.arch,
    );
    const binary = join(dir, pin.binary);
    if (!(await isExecutable(binary))) {
      throw new UserError(`${asset.file} holds no executable '${pin.binary}'`);
    }
    return { path: binary, version: pin.version, source: 'download' };
  } finally {
    await rm(archive, { force: true });
    // cacheDir copied what it needs; the unpacked copy in RUNNER_TEMP is not left behind.
    if (unpacked) await rm(unpacked, { recursive: true, force: true });
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(binary: string, searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}
