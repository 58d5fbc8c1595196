/* eslint-disable @typescript-eslint/no-explicit-any -- raw scanner JSON and SARIF are read untyped on purpose, independently of the parser's types */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseReport } from '../../../src/scan/report-parser.js';
import { emptyCounts, type SeverityCounts } from '../../../src/scan/findings.js';
import { fixtureFiles } from './fixtures.js';

// Independent counts straight over the raw JSON, written without the parser's helpers.
function rawTrivyCounts(data: any): { counts: SeverityCounts; fixable: number; findings: number } {
  const counts = emptyCounts();
  let fixable = 0;
  let findings = 0;
  const bump = (severity: string) => {
    const key = (
      ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].includes(severity) ? severity : 'UNKNOWN'
    ) as keyof SeverityCounts;
    counts[key]++;
    findings++;
  };
  for (const result of data.Results ?? []) {
    for (const v of result.Vulnerabilities ?? []) {
      bump(v.Severity);
      if (v.Status ? v.Status === 'fixed' : Boolean(v.FixedVersion)) fixable++;
    }
    for (const m of result.Misconfigurations ?? []) if (m.Status === 'FAIL') bump(m.Severity);
    for (const s of result.Secrets ?? []) bump(s.Severity);
  }
  return { counts, fixable, findings };
}

function rawGrypeCounts(data: any): { counts: SeverityCounts; fixable: number; findings: number } {
  const counts = emptyCounts();
  let fixable = 0;
  const map: Record<string, keyof SeverityCounts> = {
    Critical: 'CRITICAL',
    High: 'HIGH',
    Medium: 'MEDIUM',
    Low: 'LOW',
    Negligible: 'LOW',
  };
  for (const m of data.matches) {
    counts[map[m.vulnerability.severity] ?? 'UNKNOWN']++;
    if (m.vulnerability.fix?.state === 'fixed' && m.vulnerability.fix.versions.length > 0)
      fixable++;
  }
  return { counts, fixable, findings: data.matches.length };
}

function parsedCounts(text: string, name: string) {
  const report = parseReport(text, name);
  const counts = emptyCounts();
  for (const f of report.findings) counts[f.severity]++;
  return { report, counts, fixable: report.findings.filter((f) => f.fixable).length };
}

describe('Trivy JSON reports (every fixture)', () => {
  const files = fixtureFiles('trivy');
  test('there are Trivy fixtures to test', () => expect(files.length).toBeGreaterThanOrEqual(10));
  test.each(files.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const raw = rawTrivyCounts(JSON.parse(text));
    const { report, counts, fixable } = parsedCounts(text, file);
    expect(report.format).toBe('trivy');
    expect(counts).toEqual(raw.counts);
    expect(report.findings).toHaveLength(raw.findings);
    expect(fixable).toBe(raw.fixable);
    for (const f of report.findings) {
      expect(f.id).not.toMatch(/^UNKNOWN-/);
      if (f.kind === 'vulnerability') {
        expect(f.pkg).toBeTruthy();
        expect(f.installedVersion).toBeTruthy();
      }
    }
  });
});

describe('Grype JSON reports (every fixture)', () => {
  const files = fixtureFiles('grype');
  test('there are Grype fixtures to test', () => expect(files.length).toBeGreaterThanOrEqual(4));
  test.each(files.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const raw = rawGrypeCounts(JSON.parse(text));
    const { report, counts, fixable } = parsedCounts(text, file);
    expect(report.format).toBe('grype');
    expect(counts).toEqual(raw.counts);
    expect(report.findings).toHaveLength(raw.findings);
    expect(fixable).toBe(raw.fixable);
    expect(report.scanner.version).toMatch(/^0\.\d+\.\d+$/);
  });
});

describe('report details', () => {
  const byName = (dir: 'trivy' | 'grype', part: string) =>
    parseReport(
      readFileSync(
        fixtureFiles(dir).find((f) => f.includes(part))!,
        'utf8',
      ),
      part,
    );

  test('Trivy v0.20 (no Status): fixable comes from FixedVersion', () => {
    const report = byName('trivy', 'ubuntu-18.04_trivy-v0.20.0');
    expect(report.findings).toHaveLength(84);
    expect(report.findings.filter((f) => f.fixable)).toHaveLength(22);
    expect(report.findings.every((f) => f.vulnType === 'os')).toBe(true);
  });

  test('Trivy fs scan: lock file targets become file locations; lang packages are libraries', () => {
    const report = byName('trivy', 'fs_uv-lock');
    expect(report.findings.map((f) => [f.severity, f.file, f.vulnType]).sort()).toEqual([
      ['CRITICAL', 'uv.lock', 'library'],
      ['HIGH', 'uv.lock', 'library'],
    ]);
  });

  test('Trivy misconfigurations keep their line; secrets never carry the matched text', () => {
    const report = byName('trivy', 'fs_pip_dockerfile');
    const misconfig = report.findings.find((f) => f.kind === 'misconfiguration')!;
    expect(misconfig).toMatchObject({ id: 'DS002', severity: 'HIGH', file: 'Dockerfile' });
    const secrets = report.findings.filter((f) => f.kind === 'secret');
    expect(secrets).toHaveLength(2);
    expect(JSON.stringify(secrets)).not.toContain('GITHUB_PAT');
  });

  test('Grype: related CVEs are aliases, OS packages are os, Negligible counts as LOW', () => {
    const report = byName('grype', 'debian-12_grype');
    expect(report.artifact.type).toBe('image');
    const deb = report.findings.filter((f) => f.vulnType === 'os');
    expect(deb.length).toBeGreaterThan(0);
    const withAlias = report.findings.find((f) => f.id.startsWith('GHSA-') && f.aliases.length > 0);
    expect(withAlias?.aliases[0]).toMatch(/^CVE-/);
  });

  test('Grype directory scan: artifact locations become files', () => {
    const report = byName('grype', 'dir_npm');
    expect(report.findings[0].file).toBe('scripts/bootstrap-select-1.13.9/package-lock.json');
  });
});

describe('malformed input is a clear error', () => {
  test('garbage', () =>
    expect(() => parseReport('Fatal: no space left on device', 'out.json')).toThrow(
      /out\.json is not a JSON scanner report.*Fatal: no space/,
    ));
  test('truncated JSON', () =>
    expect(() => parseReport('{"SchemaVersion": 2, "Results": [', 'r.json')).toThrow(
      /not a JSON scanner report/,
    ));
  test('some other JSON', () =>
    expect(() => parseReport('{"hello": 1}', 'r.json')).toThrow(
      /neither a Trivy JSON report.*nor a Grype/,
    ));
  test('Trivy schema v1 (a bare list)', () =>
    expect(() => parseReport('[{"Target": "x"}]', 'r.json')).toThrow(/schema version 1/));
  test('SARIF instead of JSON', () =>
    expect(() => parseReport('{"version": "2.1.0", "runs": []}', 'r.sarif')).toThrow(
      /is a SARIF file/,
    ));
  test('other Trivy schema versions', () =>
    expect(() => parseReport('{"SchemaVersion": 3, "Results": []}', 'r.json')).toThrow(
      /SchemaVersion 3/,
    ));
});
