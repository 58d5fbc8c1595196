/**
 * HTTPS checks against a loopback HTTPS server with a throwaway CA made by the real openssl:
 * verification fails without the CA, passes with tls.ca-file, and insecure skips it.
 */
import { jest } from '@jest/globals';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec } from '../../../src/shared/exec.js';
import { parseChecks } from '../../../src/post-deploy-verify/checks.js';
import { verify } from '../../../src/post-deploy-verify/verify.js';

jest.setTimeout(60_000);

let dir: string;
let server: https.Server;
let url: string;
const quiet = { log: () => undefined, mask: () => undefined };

async function openssl(args: string[]) {
  const result = await processExec.run('openssl', args, { cwd: dir });
  if (result.code !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdv-tls-'));
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=oasis test CA',
  ]);
  await openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await openssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '1',
    '-extfile',
    'san.ext',
  ]);
  server = https.createServer(
    { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"healthy"}');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const run = (tls: string, deadlineMs = 1_000) =>
  verify(
    {
      checks: parseChecks(
        `- name: tls\n  url: ${url}\n${tls}  expect: { json: [{ path: status, equals: healthy }] }\n`,
        'test',
      ),
      deadlineMs,
      concurrency: 1,
    },
    quiet,
  );

test('an unknown CA fails with a TLS reason that says how to trust it', async () => {
  const result = await run('');
  expect(result.verdict).toBe('fail');
  expect(result.checks[0].reason).toMatch(/^TLS: .*\(trust the CA with tls.ca-file\)$/);
});

test('tls.ca-file trusts the CA', async () => {
  const result = await run(`  tls: { ca-file: ${join(dir, 'ca.pem')} }\n`);
  expect(result.checks[0]).toMatchObject({ verdict: 'pass', lastStatus: '200' });
});

test('tls.insecure skips verification', async () => {
  const result = await run('  tls: { insecure: true }\n');
  expect(result.checks[0]).toMatchObject({ verdict: 'pass', lastStatus: '200' });
});
