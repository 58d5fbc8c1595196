import { readFileSync } from 'node:fs';
import { evaluate, type Policy } from '../../../src/scan/policy.js';
import { parseIgnoreFile } from '../../../src/scan/ignore-file.js';
import { parseReport } from '../../../src/scan/report-parser.js';
import { scanSummary } from '../../../src/scan/scan-summary.js';
import type { Finding } from '../../../src/scan/findings.js';
import { fixtureFiles } from './fixtures.js';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0); // 2026-12-01T12:00Z

function vuln(over: Partial<Finding>): Finding {
  return {
    kind: 'vulnerability',
    id: 'CVE-2026-0001',
    aliases: [],
    severity: 'HIGH',
    pkg: 'openssl',
    installedVersion: '3.0.1',
    fixedVersion: '3.0.2',
    fixable: true,
    vulnType: 'os',
    target: 'app (debian 12)',
    ...over,
  };
}

const policy = (over: Partial<Policy> = {}): Policy => ({
  failOn: ['CRITICAL', 'HIGH'],
  ignoreUnfixed: false,
  vulnTypes: ['os', 'library'],
  ignores: [],
  ...over,
});

function fixture(part: string) {
  const file = [...fixtureFiles('trivy'), ...fixtureFiles('grype')].find((f) => f.includes(part))!;
  return parseReport(readFileSync(file, 'utf8'), file).findings;
}

describe('fail-on thresholds', () => {
  // debian-12.7 Trivy report: CRITICAL 1, HIGH 14, MEDIUM 32, LOW 7.
  const findings = fixture('image_debian-12.7');

  test('default CRITICAL,HIGH fails on 15 findings and counts everything found', () => {
    const gate = evaluate(findings, policy(), NOW);
    expect(gate.verdict).toBe('fail');
    expect(gate.found).toEqual({ CRITICAL: 1, HIGH: 14, MEDIUM: 32, LOW: 7, UNKNOWN: 0 });
    expect(gate.failing).toEqual({ CRITICAL: 1, HIGH: 14, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });
    expect(gate.failingTotal).toBe(15);
    expect(gate.total).toBe(54);
  });

  test('CRITICAL only fails on the one critical', () => {
    const gate = evaluate(findings, policy({ failOn: ['CRITICAL'] }), NOW);
    expect(gate.failingTotal).toBe(1);
    expect(gate.evaluated[0].finding.severity).toBe('CRITICAL');
    expect(gate.evaluated[0].disposition).toBe('failing');
  });

  test('fail-on none passes whatever is found', () => {
    const gate = evaluate(findings, policy({ failOn: [] }), NOW);
    expect(gate.verdict).toBe('pass');
    expect(gate.total).toBe(54);
  });

  test('a threshold nothing reaches passes: golden ubuntu 18.04 has only MEDIUM and LOW', () => {
    const gate = evaluate(fixture('golden_image_ubuntu-18.04_trivy-v0.74'), policy(), NOW);
    expect(gate.verdict).toBe('pass');
    expect(gate.total).toBe(5);
    expect(
      evaluate(
        fixture('golden_image_ubuntu-18.04_trivy-v0.74'),
        policy({ failOn: ['MEDIUM'] }),
        NOW,
      ).failingTotal,
    ).toBe(4);
  });

  test('a report with zero findings passes with all counts zero', () => {
    for (const part of ['zero-vulns', 'zero-matches']) {
      const gate = evaluate(
        fixture(part),
        policy({ failOn: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] }),
        NOW,
      );
      expect(gate.verdict).toBe('pass');
      expect(gate.total).toBe(0);
      expect(gate.evaluated).toEqual([]);
    }
  });
});

describe('ignore-unfixed', () => {
  // ubuntu-22.04 Trivy report: 79 OS findings all 'affected' (no fix), 15 jar findings fixed.
  const findings = fixture('ubuntu-22.04');

  test('off: unfixed CRITICAL/HIGH fail', () => {
    const gate = evaluate(findings, policy(), NOW);
    expect(gate.failingTotal).toBe(13);
  });

  test('on: only findings with a fix fail; the others are still counted', () => {
    const gate = evaluate(findings, policy({ ignoreUnfixed: true }), NOW);
    const failing = gate.evaluated.filter((e) => e.disposition === 'failing');
    expect(failing.every((e) => e.finding.fixable)).toBe(true);
    expect(gate.failingTotal).toBe(failing.length);
    expect(gate.unfixedNotFailing).toBe(13 - failing.length);
    expect(gate.total).toBe(94);
  });

  test('on, with only unfixed findings: passes', () => {
    const gate = evaluate(
      [vuln({ fixable: false, fixedVersion: undefined })],
      policy({ ignoreUnfixed: true }),
      NOW,
    );
    expect(gate.verdict).toBe('pass');
    expect(gate.evaluated[0].disposition).toBe('unfixed');
  });
});

describe('vuln-types', () => {
  test('library only: OS package findings are out of scope and uncounted', () => {
    const findings = fixture('image_debian-12.7'); // 49 debian + 5 python
    const gate = evaluate(findings, policy({ vulnTypes: ['library'] }), NOW);
    expect(gate.total).toBe(5);
    expect(gate.outOfScope).toBe(49);
  });
});

describe('ignore file: a live and an expired entry', () => {
  const file = `
ignores:
  - id: CVE-2026-0001
    package: openssl
    reason: not reachable from the service, see SEC-12
    expires: 2026-12-31
  - id: CVE-2026-0002
    reason: accepted until the base image moves
    expires: 2026-11-30
  - id: CVE-2026-0003
    reason: never seen
`;
  const ignores = parseIgnoreFile(file, '.oasis/scan-ignore.yaml');
  const findings = [
    vuln({ id: 'CVE-2026-0001' }),
    vuln({ id: 'CVE-2026-0001', pkg: 'libssl3' }),
    vuln({ id: 'CVE-2026-0002', severity: 'CRITICAL' }),
  ];

  test('the live entry suppresses only its package; the expired one suppresses nothing', () => {
    const gate = evaluate(findings, policy({ ignores }), NOW);
    expect(gate.suppressedTotal).toBe(1);
    expect(gate.suppressed.HIGH).toBe(1);
    expect(gate.failingTotal).toBe(2);
    expect(gate.verdict).toBe('fail');
    expect(gate.expiredIgnores.map((e) => e.id)).toEqual(['CVE-2026-0002']);
    expect(gate.unusedIgnores.map((e) => e.id)).toEqual(['CVE-2026-0003']);
    const suppressed = gate.evaluated.find((e) => e.disposition === 'suppressed')!;
    expect(suppressed.finding.pkg).toBe('openssl');
    expect(suppressed.ignoredBy?.reason).toMatch(/SEC-12/);
  });

  test('an entry applies through its expiry day (UTC) and stops the next day', () => {
    const lastDay = Date.UTC(2026, 11, 31, 23, 59, 59);
    const nextDay = Date.UTC(2027, 0, 1, 0, 0, 0);
    expect(evaluate(findings.slice(0, 1), policy({ ignores }), lastDay).suppressedTotal).toBe(1);
    expect(evaluate(findings.slice(0, 1), policy({ ignores }), nextDay).suppressedTotal).toBe(0);
  });

  test('an entry matches an alias (Grype GHSA with related CVE)', () => {
    const [entry] = parseIgnoreFile('ignores:\n  - id: cve-2024-6345\n    reason: r\n', 'f');
    const gate = evaluate(
      [vuln({ id: 'GHSA-cx63-2mw6-8hw5', aliases: ['CVE-2024-6345'] })],
      policy({ ignores: [entry] }),
      NOW,
    );
    expect(gate.suppressedTotal).toBe(1);
    expect(gate.verdict).toBe('pass');
  });

  test('the summary names the expired entry and shows found/suppressed/failing', () => {
    const gate = evaluate(findings, policy({ ignores }), NOW);
    const summary = scanSummary(
      {
        scanner: { name: 'trivy', version: '0.69.3' },
        artifact: { name: 'app@sha256:abc', type: 'container_image' },
      },
      gate,
      ['CRITICAL', 'HIGH'],
      undefined,
    );
    expect(
      summary.markdown.indexOf('❌ scan failed: 2 findings at CRITICAL, HIGH fail the gate'),
    ).toBe(4);
    expect(summary.countsTable).toContain('| HIGH | 2 | 1 | 1 |');
    expect(summary.countsTable).toContain('| CRITICAL | 1 | 0 | 1 |');
    expect(summary.countsTable).toContain('| **Total** | **3** | **1** | **2** |');
    expect(summary.topFindings).toContain('| HIGH | CVE-2026-0001 | libssl3 | 3.0.1 | 3.0.2 |');
    expect(summary.notes.join('\n')).toMatch(/CVE-2026-0002.*expired on 2026-11-30/);
  });
});

describe('ignore file validation', () => {
  const parse = (text: string) => () => parseIgnoreFile(text, 'scan-ignore.yaml');
  test('unknown key in an entry', () =>
    expect(parse('ignores:\n  - id: CVE-1\n    reason: r\n    until: 2026-01-01\n')).toThrow(
      /entry 1: unknown key 'until'; allowed keys are id, package, reason, expires/,
    ));
  test('unknown top-level key', () =>
    expect(parse('ignore:\n  - id: CVE-1\n')).toThrow(/unknown key 'ignore'/));
  test('missing reason', () =>
    expect(parse('ignores:\n  - id: CVE-1\n')).toThrow(/entry 1 \(CVE-1\): 'reason' is required/));
  test('missing id', () => expect(parse('ignores:\n  - reason: x\n')).toThrow(/'id' is required/));
  test.each(['2026-13-01', '2026-02-30', '31.12.2026', 'soon', '2026-1-5'])('bad date %s', (date) =>
    expect(parse(`ignores:\n  - id: CVE-1\n    reason: r\n    expires: ${date}\n`)).toThrow(
      /'expires' '.*' is not a date; write YYYY-MM-DD/,
    ),
  );
  test('not YAML', () => expect(parse('ignores: [\n')).toThrow(/not valid YAML/));
  test('an empty file ignores nothing', () => expect(parse('')()).toEqual([]));
});
