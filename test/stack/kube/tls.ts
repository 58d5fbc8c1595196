// A throwaway CA and a server certificate for 127.0.0.1, made with the openssl CLI once per
// process, so clients verify the double as they verify a real API server.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec } from '../../../src/shared/exec.js';

export interface ServerCertificate {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let cached: Promise<ServerCertificate> | undefined;

async function openssl(args: string[], cwd: string) {
  const r = await processExec.run('openssl', args, { cwd });
  if (r.code !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.trim()}`);
}

export function serverCertificate(): Promise<ServerCertificate> {
  cached ??= (async () => {
    const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'oasis-kube-tls-'));
    try {
      const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      await openssl(
        [
          'req',
          '-x509',
          ...ec,
          '-keyout',
          'ca.key',
          '-out',
          'ca.crt',
          '-days',
          '7',
          '-subj',
          '/CN=oasis-kube-double-ca',
        ],
        dir,
      );
      await openssl(
        [
          'req',
          ...ec,
          '-keyout',
          'server.key',
          '-out',
          'server.csr',
          '-subj',
          '/CN=kube-apiserver',
        ],
        dir,
      );
      writeFileSync(
        join(dir, 'ext.cnf'),
        'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n',
      );
      await openssl(
        [
          'x509',
          '-req',
          '-in',
          'server.csr',
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          'server.crt',
          '-days',
          '7',
          '-extfile',
          'ext.cnf',
        ],
        dir,
      );
      return {
        caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
        certPem: readFileSync(join(dir, 'server.crt'), 'utf8'),
        keyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return cached;
}
