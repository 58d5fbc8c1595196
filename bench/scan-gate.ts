/**
 * Benchmark: gate + SARIF + summary for a 50,000-finding report.
 *
 *   node --import tsx bench/scan-gate.ts [--findings 50000] [--format trivy|grype|both]
 *   node --import tsx bench/scan-gate.ts --write <file> [--format trivy|grype]   (just the report)
 *
 * The report is GENERATED at run time into a temp dir by replicating the real fixture entries
 * (../shared/fixtures/trivy, /grype) with new ids, then removed. Each measurement runs in a fresh
 * child process so its peak RSS (getrusage maxrss) belongs to that scan alone; the child's RSS
 * before the scan (Node + tsx + modules loaded) is printed too. Wall time depends on how busy
 * the machine is; CPU time (user + system) of the scan is printed beside it. The load average
 * is printed first for that reason. Goals: <= 1 s, <= 300 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const fixtures = process.env.OASIS_FIXTURES ?? resolve(root, '../shared/fixtures');
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};

if (args[0] === '--child') {
  await child(args[1]);
} else if (args[0] === '--write') {
  // Write one generated report and stop (for profiling): --write <file> [--format] [--findings]
  const count = Number(flag('findings', '50000'));
  const report = flag('format', 'trivy') === 'grype' ? grypeReport(count) : trivyReport(count);
  writeFileSync(args[1], JSON.stringify(report));
} else {
  await parent();
}

async function parent() {
  const count = Number(flag('findings', '50000'));
  const formats =
    flag('format', 'both') === 'both' ? ['trivy', 'grype'] : [flag('format', 'trivy')];
  const dir = mkdtempSync(join(tmpdir(), 'oasis-bench-scan-'));
  try {
    console.log(
      `scan-gate benchmark: ${count} findings per report, node ${process.version}, ` +
        `${cpus().length} CPUs, load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    for (const format of formats) {
      const file = join(dir, `${format}-report.json`);
      const started = Date.now();
      if (format === 'trivy') writeFileSync(file, JSON.stringify(trivyReport(count)));
      else writeFileSync(file, JSON.stringify(grypeReport(count)));
      const mb = statSync(file).size / 1024 / 1024;
      console.log(`\n${format}: generated ${mb.toFixed(1)} MB in ${Date.now() - started} ms`);
      for (let round = 1; round <= 3; round++) {
        const run = spawnSync(
          process.execPath,
          ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', file],
          { cwd: root, encoding: 'utf8', env: { ...process.env, RUNNER_TEMP: dir } },
        );
        if (run.status !== 0) {
          console.error(run.stdout, run.stderr);
          process.exit(1);
        }
        const figures = JSON.parse(run.stdout.trim().split('\n').pop()!);
        console.log(
          `  run ${round}: wall ${figures.wallMs} ms, CPU ${figures.cpuMs} ms (read+parse CPU ${figures.parseCpuMs} ms)  ` +
            `peak RSS ${figures.peakMb} MB (before scan ${figures.baseMb} MB)  ` +
            `verdict ${figures.verdict}, ${figures.total} findings, ${figures.failing} failing, ` +
            `SARIF ${figures.sarifResults} results / ${figures.sarifGzMb} MB gz` +
            (figures.truncation ? ` (cut: ${figures.truncation})` : ''),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(file: string) {
  const { scan } = await import('../src/scan/scan.js');
  const { getInputs } = await import('../src/scan/inputs.js');
  const { mapInputs } = await import('../src/shared/inputs.js');
  const { parseReportFile } = await import('../src/scan/report-parser.js');
  const { gzipSync } = await import('node:zlib');
  const config = getInputs(mapInputs({ report: file, 'ignore-file': '' }), {
    ...process.env,
    GITHUB_WORKSPACE: process.cwd(),
  });
  const baseMb = process.memoryUsage().rss / 1024 / 1024;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await scan(config, { log: () => undefined });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  // Parse alone, after the measured run, for the breakdown (CPU time).
  const parseCpu = process.cpuUsage();
  await parseReportFile(file, file);
  const parsed = process.cpuUsage(parseCpu);
  const sarifGz = gzipSync(readFileSync(result.sarif.path)).length;
  console.log(
    JSON.stringify({
      wallMs: Math.round(wallMs),
      cpuMs: Math.round((used.user + used.system) / 1000),
      parseCpuMs: Math.round((parsed.user + parsed.system) / 1000),
      peakMb: Math.round(peakMb),
      baseMb: Math.round(baseMb),
      verdict: result.verdict,
      total: result.counts.total,
      failing: result.failing,
      sarifResults: result.sarif.results,
      sarifGzMb: (sarifGz / 1024 / 1024).toFixed(2),
      truncation: result.sarif.truncation,
    }),
  );
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fixtureReports(dir: string): Json[] {
  return readdirSync(join(fixtures, dir))
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(fixtures, dir, name), 'utf8')));
}

/** Real Trivy vulnerability entries, replicated with new ids, spread over OS and library results. */
function trivyReport(count: number): Json {
  const results: Json[] = [];
  for (const report of fixtureReports('trivy')) {
    for (const result of report.Results ?? []) {
      if (result.Vulnerabilities?.length) results.push(result);
    }
  }
  const entries = results.flatMap((r) => r.Vulnerabilities.map((v: Json) => ({ r, v })));
  const out = results.map((r) => ({ ...r, Vulnerabilities: [] as Json[] }));
  for (let i = 0; i < count; i++) {
    const { r, v } = entries[i % entries.length];
    out[results.indexOf(r)].Vulnerabilities.push({
      ...v,
      VulnerabilityID: `CVE-2099-${String(100000 + i)}`,
      PkgName: `${v.PkgName}-${Math.floor(i / entries.length)}`,
    });
  }
  return {
    SchemaVersion: 2,
    ArtifactName: '127.0.0.1:5000/bench/app:latest',
    ArtifactType: 'container_image',
    Results: out,
  };
}

/** Real Grype matches, replicated with new ids. */
function grypeReport(count: number): Json {
  const reports = fixtureReports('grype');
  const matches = reports.flatMap((r) => r.matches);
  const out: Json[] = [];
  for (let i = 0; i < count; i++) {
    const m = matches[i % matches.length];
    out.push({
      ...m,
      vulnerability: { ...m.vulnerability, id: `CVE-2099-${String(100000 + i)}` },
    });
  }
  const base = reports.find((r) => r.source?.type === 'image') ?? reports[0];
  return { ...base, matches: out };
}
