import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitServer, type GitServer } from '../../stack/git-server.js';
import { gitAsync } from './gitops-repo.js';

jest.setTimeout(60_000);

let server: GitServer;
let scratch: string;
const TOKEN = 'server-test-token-123';

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  scratch = mkdtempSync(join(tmpdir(), 'oasis-git-server-it-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('serves clone and push over smart HTTP with basic or bearer tokens', async () => {
  const repo = await server.createBareRepo('team/service', { 'a.yaml': 'a: 1\n' });
  expect(repo.url).toBe(`${server.base}/team/service.git`);
  const basic = `Authorization: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;
  await gitAsync(scratch, [
    '-c',
    `http.extraheader=${basic}`,
    'clone',
    '--quiet',
    repo.url,
    'basic',
  ]);
  expect(readFileSync(join(scratch, 'basic', 'a.yaml'), 'utf8')).toBe('a: 1\n');
  await gitAsync(scratch, [
    '-c',
    `http.extraheader=Authorization: Bearer ${TOKEN}`,
    'clone',
    '--quiet',
    repo.url,
    'bearer',
  ]);
  const pushed = await gitAsync(join(scratch, 'bearer'), [
    '-c',
    `http.extraheader=Authorization: Bearer ${TOKEN}`,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '--quiet',
    '--allow-empty',
    '-m',
    'empty',
  ]).then(() =>
    gitAsync(join(scratch, 'bearer'), [
      '-c',
      `http.extraheader=Authorization: Bearer ${TOKEN}`,
      'push',
      '--porcelain',
      'origin',
      'HEAD:main',
    ]),
  );
  expect(pushed).toContain('refs/heads/main');
});

test('no token or a wrong one gets 401 with a Basic challenge, as on GitHub', async () => {
  await server.createBareRepo('private', { 'a.yaml': 'a: 1\n' });
  const none = await fetch(`${server.url('private')}/info/refs?service=git-upload-pack`);
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toBe('Basic realm="GitHub"');
  const wrong = await fetch(`${server.url('private')}/info/refs?service=git-upload-pack`, {
    headers: { authorization: `Basic ${Buffer.from('x-access-token:nope').toString('base64')}` },
  });
  expect(wrong.status).toBe(401);
  const right = await fetch(`${server.url('private')}/info/refs?service=git-upload-pack`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(right.status).toBe(200);
  expect(right.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
  await expect(
    gitAsync(scratch, [
      '-c',
      'credential.helper=',
      'clone',
      '--quiet',
      server.url('private'),
      'denied',
    ]).catch((e: Error) => {
      throw e;
    }),
  ).rejects.toThrow(/could not read Username|Authentication failed/);
});
