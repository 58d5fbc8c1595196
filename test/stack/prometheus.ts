import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startDaemon, stopProcess, waitFor } from './processes.js';

export interface PrometheusServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  pid: number;
  /** Temp dir with prometheus.yml, the TSDB and prometheus.log. */
  dir: string;
  stop(): Promise<void>;
}

/**
 * Debian's real `prometheus` on a free loopback port, with a temp config and TSDB, scraping the
 * given `host:port` targets every second (job `sample`). Resolves once the server is ready and
 * has taken up every target (scraping has begun; a target that is not up yet has `up == 0`).
 */
export async function startPrometheus(opts: {
  targets: string[];
  scrapeIntervalSeconds?: number;
}): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'oasis-prometheus-'));
  const interval = `${opts.scrapeIntervalSeconds ?? 1}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: sample',
    `    scrape_interval: ${interval}`,
    `    scrape_timeout: ${interval}`,
    '    static_configs:',
    `      - targets: [${opts.targets.map((target) => JSON.stringify(target)).join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const logFile = join(dir, 'prometheus.log');
  let pid: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    pid = startDaemon(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
        '--storage.tsdb.retention.time=1h',
        '--log.level=warn',
      ],
      logFile,
      { cwd: dir },
    );
    try {
      await waitFor(
        `prometheus on ${url}`,
        async () => {
          const response = await fetch(`${url}/-/ready`);
          return response.status === 200 ? true : undefined;
        },
        { timeoutMs: 30_000, pid, logFile },
      );
      // Prometheus hands discovered targets to the scrape manager about 5 s after start: until
      // then nothing is scraped. Ready means every target is known (and scraping has begun).
      await waitFor(
        `prometheus on ${url}: targets ${opts.targets.join(', ')}`,
        async () => {
          const response = await fetch(`${url}/api/v1/targets?state=active`);
          const body = (await response.json()) as { data?: { activeTargets?: unknown[] } };
          const known = body.data?.activeTargets?.length ?? 0;
          return known >= opts.targets.length ? true : undefined;
        },
        { timeoutMs: 30_000, pid, logFile, intervalMs: 200 },
      );
      const serverPid = pid;
      return {
        url,
        pid: serverPid,
        dir,
        async stop() {
          await stopProcess(serverPid);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await stopProcess(pid);
      // Another process may have taken the port between freePort() and the listen.
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}
