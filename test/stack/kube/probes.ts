// Readiness, liveness and startup probes run for real: httpGet, tcpSocket and exec, with
// timeoutSeconds, and the failure messages the kubelet reports in Unhealthy events.
import { request } from 'node:http';
import { connect } from 'node:net';
import { processExec } from '../../../src/shared/exec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface ProbeResult {
  ok: boolean;
  message: string;
}

function namedPort(container: any, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return (container.ports ?? []).find((p: any) => p.name === port)?.containerPort;
}

export async function runProbe(
  probe: any,
  container: any,
  podIp: string,
  dockerId: string,
): Promise<ProbeResult> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const host = g.host || podIp;
    const port = namedPort(container, g.port);
    const path = g.path ?? '/';
    const scheme = (g.scheme ?? 'HTTP').toLowerCase();
    const url = `${scheme}://${host}:${port}${path}`;
    if (!port)
      return { ok: false, message: `Get "${url}": invalid port ${JSON.stringify(g.port)}` };
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
    for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
    return new Promise((resolve) => {
      const req = request({ host, port, path, method: 'GET', headers, agent: false }, (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 400) resolve({ ok: true, message: '' });
        else resolve({ ok: false, message: `HTTP probe failed with statuscode: ${code}` });
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        resolve({
          ok: false,
          message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const reason =
          err.code === 'ECONNREFUSED'
            ? 'connect: connection refused'
            : err.code === 'ECONNRESET'
              ? 'read: connection reset by peer'
              : err.message;
        resolve({ ok: false, message: `Get "${url}": dial tcp ${host}:${port}: ${reason}` });
      });
      req.end();
    });
  }
  if (probe.tcpSocket) {
    const host = probe.tcpSocket.host || podIp;
    const port = namedPort(container, probe.tcpSocket.port);
    return new Promise((resolve) => {
      const s = connect({ host, port: port ?? 0 });
      const t = setTimeout(() => {
        s.destroy();
        resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
      }, timeoutMs);
      s.on('connect', () => {
        clearTimeout(t);
        s.destroy();
        resolve({ ok: true, message: '' });
      });
      s.on('error', () => {
        clearTimeout(t);
        resolve({ ok: false, message: `dial tcp ${host}:${port}: connect: connection refused` });
      });
    });
  }
  if (probe.exec) {
    const cmd: string[] = probe.exec.command ?? [];
    const r = await processExec.run('docker', ['exec', dockerId, ...cmd], { timeoutMs });
    if (r.code === 0) return { ok: true, message: '' };
    return {
      ok: false,
      message: `${(r.stdout + r.stderr).trim()}`.slice(0, 1024) || `command exited ${r.code}`,
    };
  }
  return { ok: true, message: '' };
}
