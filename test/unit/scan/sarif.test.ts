/* eslint-disable @typescript-eslint/no-explicit-any -- raw scanner JSON and SARIF are read untyped on purpose, independently of the parser's types */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseReport } from '../../../src/scan/report-parser.js';
import { evaluate } from '../../../src/scan/policy.js';
import { buildSarif } from '../../../src/scan/sarif.js';
import type { Finding } from '../../../src/scan/findings.js';
import { FIXTURES, fixtureFiles, sarifValidator } from './fixtures.js';

const validate = sarifValidator();
const policy = {
  failOn: ['CRITICAL', 'HIGH'] as const,
  ignoreUnfixed: false,
  vulnTypes: ['os', 'library'] as const,
  ignores: [],
};

function sarifFor(file: string, limits?: { resultsPerRun: number; gzippedBytes: number }) {
  const report = parseReport(readFileSync(file, 'utf8'), file);
  const gate = evaluate(report.findings, policy, Date.now());
  const build = buildSarif(gate.evaluated, {
    category: 'oasis-scan-test',
    scanner: report.scanner,
    artifact: report.artifact,
    limits,
  });
  return { report, gate, build, sarif: JSON.parse(build.text) };
}

function expectValid(document: unknown) {
  const ok = validate(document);
  if (!ok) throw new Error(JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

describe('the validator itself', () => {
  test.each(
    [
      'golden_sarif_image_alpine-3.10_trivy-v0.74.sarif',
      'sarif_image_trivy-0.56.1_46-results_hmpps.sarif',
      'sarif_image_trivy-0.48.1_zero-results_cns-website.sarif',
    ].map((name) => [name]),
  )('accepts real Trivy SARIF %s', (name) => {
    expectValid(JSON.parse(readFileSync(join(FIXTURES, 'trivy', name), 'utf8')));
  });

  test('rejects broken SARIF (so a pass means something)', () => {
    const { sarif } = sarifFor(fixtureFiles('trivy').find((f) => f.includes('fs_uv-lock'))!);
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
    const noMessage = structuredClone(sarif);
    delete noMessage.runs[0].results[0].message;
    expect(validate(noMessage)).toBe(false);
    const badUri = structuredClone(sarif);
    badUri.runs[0].tool.driver.informationUri = 'not a uri';
    expect(validate(badUri)).toBe(false);
  });
});

describe('SARIF for every fixture report validates against the official schema', () => {
  test.each([...fixtureFiles('trivy'), ...fixtureFiles('grype')].map((f) => [basename(f), f]))(
    '%s',
    (_name, file) => {
      const { report, build, sarif } = sarifFor(file);
      expectValid(sarif);
      expect(sarif.runs).toHaveLength(1);
      const run = sarif.runs[0];
      expect(run.automationDetails.id).toBe('oasis-scan-test/');
      expect(run.results).toHaveLength(report.findings.length);
      expect(build.results).toBe(report.findings.length);
      expect(build.droppedTotal).toBe(0);
      const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
      expect(new Set(ruleIds).size).toBe(ruleIds.length);
      for (const result of run.results) {
        expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
        expect(result.partialFingerprints['oasisFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(gunzipSync(build.gzipped).toString('utf8')).toBe(build.text);
    },
  );
});

describe('stable identity', () => {
  const file = () => fixtureFiles('trivy').find((f) => f.includes('debian-12.7'))!;

  test('ruleId is the vulnerability id; the same input gives the same fingerprints', () => {
    const a = sarifFor(file()).sarif.runs[0].results;
    const b = sarifFor(file()).sarif.runs[0].results;
    expect(a.map((r: { ruleId: string }) => r.ruleId)).toEqual(
      b.map((r: { ruleId: string }) => r.ruleId),
    );
    expect(a.map((r: any) => r.partialFingerprints)).toEqual(
      b.map((r: any) => r.partialFingerprints),
    );
    expect(a.every((r: { ruleId: string }) => /^(CVE|GHSA|DLA|DSA|PYSEC)-/.test(r.ruleId))).toBe(
      true,
    );
  });

  test('an image is located by name without tag or digest, so a rebuild keeps its alerts', () => {
    const finding: Finding = {
      kind: 'vulnerability',
      id: 'CVE-2024-0001',
      aliases: [],
      severity: 'HIGH',
      pkg: 'openssl',
      installedVersion: '3.0.1',
      fixable: true,
      fixedVersion: '3.0.2',
      vulnType: 'os',
      target: 'x (debian 12)',
    };
    const build = (name: string) =>
      JSON.parse(
        buildSarif(
          [{ finding: { ...finding, target: `${name} (debian 12)` }, disposition: 'failing' }],
          {
            category: 'c',
            scanner: { name: 'trivy' },
            artifact: { name, type: 'container_image' },
          },
        ).text,
      ).runs[0].results[0];
    const one = build(`127.0.0.1:5000/team/api@sha256:${'a'.repeat(64)}`);
    const two = build('127.0.0.1:5000/team/api:v2');
    expect(one.locations[0].physicalLocation.artifactLocation.uri).toBe(
      '127.0.0.1%3A5000/team/api',
    );
    expect(two.locations[0].physicalLocation.artifactLocation.uri).toBe(
      '127.0.0.1%3A5000/team/api',
    );
    expect(one.partialFingerprints).toEqual(two.partialFingerprints);
  });
});

describe("GitHub's limits", () => {
  const big = () => fixtureFiles('trivy').find((f) => f.includes('ubuntu-22.04'))!;

  test('over the result limit: keeps the most severe, reports what it cut, stays valid', () => {
    const { gate, build, sarif } = sarifFor(big(), {
      resultsPerRun: 20,
      gzippedBytes: 10 * 1024 * 1024,
    });
    expectValid(sarif);
    expect(build.results).toBe(20);
    expect(build.droppedTotal).toBe(gate.total - 20);
    expect(build.truncation).toMatch(/at most 20 results per run/);
    // 2 CRITICAL + 11 HIGH + 11 MEDIUM + 70 LOW: the 20 kept are all the CRITICAL and HIGH first.
    const levels = sarif.runs[0].results.map((r: any) => r.properties.severity);
    expect(levels.filter((l: string) => l === 'CRITICAL')).toHaveLength(2);
    expect(levels.filter((l: string) => l === 'HIGH')).toHaveLength(11);
    expect(levels.filter((l: string) => l === 'LOW')).toHaveLength(0);
    expect(build.dropped).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 70, UNKNOWN: 0 });
    // Rules exist only for results that were kept.
    const used = new Set(sarif.runs[0].results.map((r: any) => r.ruleId));
    expect(sarif.runs[0].tool.driver.rules.every((r: any) => used.has(r.id))).toBe(true);
  });

  test('over the gzip size limit: cuts until it fits, stays valid', () => {
    const full = sarifFor(big());
    const limit = Math.floor(full.build.gzipped.length / 3);
    const { build, sarif } = sarifFor(big(), { resultsPerRun: 25_000, gzippedBytes: limit });
    expect(build.gzipped.length).toBeLessThanOrEqual(limit);
    expect(build.results).toBeGreaterThan(0);
    expect(build.results).toBeLessThan(full.build.results);
    expect(build.truncation).toMatch(/gzipped SARIF/);
    expectValid(sarif);
    expect(sarif.runs[0].results[0].properties.severity).toBe('CRITICAL');
  });

  test('zero findings: a valid SARIF with an empty result list', () => {
    const { sarif } = sarifFor(fixtureFiles('grype').find((f) => f.includes('zero-matches'))!);
    expectValid(sarif);
    expect(sarif.runs[0].results).toEqual([]);
  });
});

describe('hostile strings still give valid SARIF', () => {
  const nasty = [
    'quote " and backslash \\ and </script>',
    'line\nbreak\ttab\u0000nul\u001fctl',
    'unicode é 漢字 😀 \u2028 \u2029',
    '{"json": ["inside"]}',
    '',
  ];
  test.each(nasty.map((text, i) => [i, text]))('case %i', (_i, text) => {
    const finding: Finding = {
      kind: 'vulnerability',
      id: `CVE-2026-${text.slice(0, 5)}`,
      aliases: [],
      severity: 'CRITICAL',
      title: text,
      description: text.repeat(300),
      pkg: text || 'p',
      installedVersion: text,
      fixedVersion: text,
      fixable: true,
      vulnType: 'library',
      target: text,
      file: `dir with space/${text}/package-lock.json`,
      line: 3,
    };
    const build = buildSarif(
      [
        { finding, disposition: 'failing' },
        {
          finding: { ...finding, kind: 'secret', file: undefined, line: undefined },
          disposition: 'below-threshold',
        },
      ],
      {
        category: `cat/${text}`.replace(/\s/g, '-'),
        scanner: { name: 'trivy', version: text },
        artifact: { name: text, type: 'filesystem' },
      },
    );
    expectValid(JSON.parse(build.text));
  });
});
