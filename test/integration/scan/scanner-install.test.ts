import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { resolveScanner } from '../../../src/scan/scanner-install.js';
import { PINNED_SCANNERS, type PinnedScanner } from '../../../src/scan/pinned-scanners.js';
import { processExec } from '../../../src/shared/exec.js';
import { replayScannerTarball } from '../../stack/scanner/install.js';

jest.setTimeout(120_000);

// A loopback "release server" serving the stand-in scanner as a release archive; the real
// @actions/tool-cache downloads, and the installer verifies, unpacks and caches it.
let server: Server;
let base: string;
let work: string;
let release: ReturnType<typeof replayScannerTarball>;
const requests: string[] = [];
const saved = {
  RUNNER_TOOL_CACHE: process.env.RUNNER_TOOL_CACHE,
  RUNNER_TEMP: process.env.RUNNER_TEMP,
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'oasis-scan-install-'));
  release = replayScannerTarball('trivy');
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/releases/trivy_test_Linux-64bit.tar.gz') {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      createReadStream(release.path).pipe(res);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  process.env.RUNNER_TOOL_CACHE = mkdtempSync(join(work, 'toolcache-'));
  process.env.RUNNER_TEMP = mkdtempSync(join(work, 'temp-'));
  requests.length = 0;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
  rmSync(release.dir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

function pins(sha256: string): Record<'trivy' | 'grype', PinnedScanner> {
  return {
    ...PINNED_SCANNERS,
    trivy: {
      version: '0.69.3',
      url: `${base}/releases/{file}`,
      binary: 'trivy',
      assets: { 'linux-x64': { file: 'trivy_test_Linux-64bit.tar.gz', sha256 } },
    },
  };
}

const options = (sha256: string) => ({
  scanner: 'trivy' as const,
  searchPath: join(work, 'empty-path'),
  platform: 'linux',
  arch: 'x64',
  pins: pins(sha256),
});

test('not on PATH: downloads the pinned archive, verifies sha256, caches it; the binary runs', async () => {
  const logs: string[] = [];
  const resolved = await resolveScanner({ ...options(release.sha256), log: (m) => logs.push(m) });
  expect(resolved.source).toBe('download');
  expect(resolved.version).toBe('0.69.3');
  expect(resolved.path).toBe(
    join(process.env.RUNNER_TOOL_CACHE!, 'trivy', '0.69.3', 'x64', 'trivy'),
  );
  expect(requests).toEqual(['/releases/trivy_test_Linux-64bit.tar.gz']);
  expect(logs.join('\n')).toContain(`sha256 verified (${release.sha256})`);
  const run = await processExec.run(resolved.path, ['--version']);
  expect(run).toMatchObject({ code: 0, stdout: 'Version: 0.69.3\n' });
  // The archive itself does not stay behind in RUNNER_TEMP.
  expect(readdirSync(process.env.RUNNER_TEMP!).filter((f) => !f.startsWith('.'))).toEqual([]);

  // Second run: from the tool cache, no download.
  const again = await resolveScanner(options(release.sha256));
  expect(again).toEqual({ path: resolved.path, version: '0.69.3', source: 'tool-cache' });
  expect(requests).toHaveLength(1);
});

test('a wrong checksum is refused: nothing unpacked, nothing cached, the download deleted', async () => {
  const pinned = 'f'.repeat(64);
  await expect(resolveScanner(options(pinned))).rejects.toThrow(
    new RegExp(
      `refusing to run trivy: .* has sha256 ${release.sha256}, but the pinned checksum is ${pinned}`,
    ),
  );
  expect(requests).toHaveLength(1);
  expect(existsSync(join(process.env.RUNNER_TOOL_CACHE!, 'trivy'))).toBe(false);
  expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
});

test('a mirror is used by file name, and its archive must still match the pin', async () => {
  const resolved = await resolveScanner({
    ...options(release.sha256),
    mirror: `${base}/releases/`,
  });
  expect(resolved.source).toBe('download');
  expect(requests).toEqual(['/releases/trivy_test_Linux-64bit.tar.gz']);
});

test('a missing release is a clear error naming the URL', async () => {
  await expect(
    resolveScanner({ ...options(release.sha256), mirror: `${base}/nothing-here` }),
  ).rejects.toThrow(
    `could not download trivy 0.69.3 from ${base}/nothing-here/trivy_test_Linux-64bit.tar.gz`,
  );
});

test('an unpinned platform is refused with the pinned list', async () => {
  await expect(
    resolveScanner({ ...options(release.sha256), platform: 'darwin', arch: 'arm64' }),
  ).rejects.toThrow(/no pinned release exists for darwin-arm64 \(pinned: linux-x64\)/);
});

test('end to end: scan() with the real pins refuses a mirror serving a different archive', async () => {
  const { scan } = await import('../../../src/scan/scan.js');
  const { getInputs } = await import('../../../src/scan/inputs.js');
  const { mapInputs } = await import('../../../src/shared/inputs.js');
  // This machine is one of the pinned platforms (linux x64 or arm64).
  const pinned = PINNED_SCANNERS.trivy.assets[`${process.platform}-${process.arch}`];
  expect(pinned).toBeDefined();
  const file = pinned.file;
  // The mirror answers the real file name with the stand-in: right name, wrong bytes.
  const mirror = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200);
    createReadStream(release.path).pipe(res);
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
    const config = getInputs(mapInputs({ 'image-ref': 'app:1', 'scanner-mirror': url }), {
      GITHUB_WORKSPACE: work,
      RUNNER_TEMP: process.env.RUNNER_TEMP,
      HOME: work,
    });
    await expect(
      scan(config, { searchPath: join(work, 'empty-path'), log: () => undefined }),
    ).rejects.toThrow(
      `refusing to run trivy: ${file} from ${url}/${file} has sha256 ${release.sha256}, but the pinned checksum is ${pinned.sha256}`,
    );
    expect(requests).toEqual([`/${file}`]);
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE!, 'trivy'))).toBe(false);
  } finally {
    await new Promise((resolve) => mirror.close(resolve));
  }
});

test('the real pins are full sha256 values for linux x64 and arm64', () => {
  for (const pin of Object.values(PINNED_SCANNERS)) {
    expect(Object.keys(pin.assets).sort()).toEqual(['linux-arm64', 'linux-x64']);
    for (const asset of Object.values(pin.assets)) {
      expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(asset.file).toContain(pin.version);
    }
  }
});
