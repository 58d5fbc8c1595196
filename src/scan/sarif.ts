import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  SEVERITIES,
  emptyCounts,
  type Finding,
  type Severity,
  type SeverityCounts,
} from './findings.js';
import type { Evaluated } from './policy.js';
import { parseImageRef } from '../shared/image-ref.js';

/** GitHub code scanning limits for one SARIF upload. */
export const SARIF_LIMITS = {
  resultsPerRun: 25_000,
  gzippedBytes: 10 * 1024 * 1024,
};

const SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const DESCRIPTION_MAX = 1_000;

// GitHub reads `security-severity` (0.0–10.0) to rank alerts: >= 9 critical, >= 7 high,
// >= 4 medium, > 0 low. One value per band keeps its ranking the same as the gate's.
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};
const INFORMATION_URI: Record<string, string> = {
  trivy: 'https://github.com/aquasecurity/trivy',
  grype: 'https://github.com/anchore/grype',
};

export interface SarifOptions {
  /** Code scanning category (runs[0].automationDetails.id gets a trailing `/`). */
  category: string;
  scanner: { name: string; version?: string };
  artifact: { name: string; type: string };
  limits?: { resultsPerRun: number; gzippedBytes: number };
}

export interface SarifBuild {
  /** The SARIF document (UTF-8 JSON) as written to disk. */
  bytes: Buffer;
  /** The same, as text (decoded on demand). */
  readonly text: string;
  /** Its gzip, as uploaded (GitHub's 10 MB limit applies to this). */
  gzipped: Buffer;
  results: number;
  /** In-scope, unsuppressed findings left out to stay within GitHub's limits, per severity. */
  dropped: SeverityCounts;
  droppedTotal: number;
  /** Why findings were dropped, for the warning and the summary. */
  truncation?: string;
}

/**
 * Builds one SARIF 2.1.0 run from evaluated findings (most severe first, as `evaluate` returns
 * them). Suppressed findings are accepted risks and left out. When GitHub's limits would be
 * passed, the least severe results are cut until the file fits.
 */
export function buildSarif(evaluated: readonly Evaluated[], options: SarifOptions): SarifBuild {
  const limits = options.limits ?? SARIF_LIMITS;
  const candidates = evaluated.filter((e) => e.disposition !== 'suppressed');
  let count = Math.min(candidates.length, limits.resultsPerRun);
  let reason =
    count < candidates.length
      ? `GitHub accepts at most ${limits.resultsPerRun} results per run`
      : undefined;
  for (;;) {
    const bytes = sarifDocument(candidates.slice(0, count), options);
    // Fast compression first; the best one only when the fast one is over the limit.
    let gzipped = gzipSync(bytes, { level: 1 });
    if (gzipped.length > limits.gzippedBytes) gzipped = gzipSync(bytes, { level: 9 });
    if (gzipped.length <= limits.gzippedBytes || count === 0) {
      const dropped = emptyCounts();
      for (const e of candidates.slice(count)) dropped[e.finding.severity]++;
      const droppedTotal = candidates.length - count;
      return {
        bytes,
        get text() {
          return bytes.toString('utf8');
        },
        gzipped,
        results: count,
        dropped,
        droppedTotal,
        truncation: droppedTotal > 0 ? reason : undefined,
      };
    }
    reason = `GitHub accepts at most ${formatBytes(limits.gzippedBytes)} of gzipped SARIF`;
    // Shrink in proportion to the overshoot, with a margin, and at least by one.
    count = Math.min(count - 1, Math.floor((count * limits.gzippedBytes * 0.95) / gzipped.length));
    count = Math.max(0, count);
  }
}

/** Collects the document as UTF-8 in batches: no document-sized object tree or string. */
class Utf8Sink {
  private readonly chunks: Buffer[] = [];
  private batch = '';

  push(text: string) {
    this.batch += text;
    if (this.batch.length >= 1 << 18) this.flush();
  }

  private flush() {
    this.chunks.push(Buffer.from(this.batch, 'utf8'));
    this.batch = '';
  }

  bytes(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}

/**
 * The document, written result by result: one run whose results come before its tool (key
 * order means nothing in JSON), so rules are complete, with their worst severity, when written.
 */
function sarifDocument(selected: readonly Evaluated[], options: SarifOptions): Buffer {
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleSeverity: Severity[] = [];
  // An image is located by its name without tag or digest, so that alerts stay the same alerts
  // from one build to the next.
  const imagePath = parseImageRef(options.artifact.name)?.name ?? options.artifact.name;
  const category = options.category.endsWith('/') ? options.category : `${options.category}/`;
  const sink = new Utf8Sink();
  sink.push(`{"$schema":${JSON.stringify(SCHEMA_URI)},"version":"2.1.0","runs":[{"results":[`);
  selected.forEach(({ finding, disposition }, n) => {
    const ruleId = finding.id;
    let index = ruleIndex.get(ruleId);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(ruleId, index);
      rules.push(rule(finding));
      ruleSeverity.push(finding.severity);
    } else if (rank(finding.severity) > rank(ruleSeverity[index])) {
      // The rule shows the worst severity any of its results has.
      ruleSeverity[index] = finding.severity;
      setRuleSeverity(rules[index], finding.severity);
    }
    // Written as text directly: 25,000 of these, so no object per result to stringify.
    const q = JSON.stringify;
    sink.push(
      `${n === 0 ? '' : ','}{"ruleId":${q(ruleId)},"ruleIndex":${index},"level":"${LEVEL[finding.severity]}",` +
        `"message":{"text":${q(message(finding))}},"locations":[{"physicalLocation":{"artifactLocation":` +
        `{"uri":${q(locationUri(finding.file ?? imagePath))},"uriBaseId":"ROOTPATH"},` +
        `"region":{"startLine":${finding.line ?? 1}}},"message":{"text":${q(locationText(finding))}}}],` +
        `"partialFingerprints":{"oasisFinding/v1":"${fingerprint(finding)}"},` +
        `"properties":{"severity":"${finding.severity}","gate":"${disposition}","fixable":${finding.fixable}}}`,
    );
  });
  const driver: Record<string, unknown> = {
    name: options.scanner.name,
    informationUri: INFORMATION_URI[options.scanner.name] ?? 'https://github.com/',
  };
  if (options.scanner.version) driver.version = options.scanner.version;
  const driverJson = JSON.stringify(driver);
  sink.push(`],"tool":{"driver":${driverJson.slice(0, -1)},"rules":[`);
  rules.forEach((entry, n) =>
    sink.push(n === 0 ? JSON.stringify(entry) : `,${JSON.stringify(entry)}`),
  );
  sink.push(
    `]}},"automationDetails":${JSON.stringify({ id: category })},"columnKind":"utf16CodeUnits",` +
      `"originalUriBaseIds":{"ROOTPATH":{"uri":"file:///"}},` +
      `"properties":${JSON.stringify({ artifactName: options.artifact.name, artifactType: options.artifact.type })}}]}`,
  );
  return sink.bytes();
}

function rank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

function rule(finding: Finding): Record<string, unknown> {
  const short = finding.title ?? firstSentence(finding.description) ?? finding.id;
  const entry: Record<string, unknown> = {
    id: finding.id,
    name: ruleName(finding),
    shortDescription: { text: clip(short, 200) },
    fullDescription: { text: clip(finding.description ?? short, DESCRIPTION_MAX) },
    defaultConfiguration: { level: LEVEL[finding.severity] },
    help: { text: helpText(finding) },
    properties: {
      'security-severity': SECURITY_SEVERITY[finding.severity],
      tags: [finding.kind, 'security', finding.severity],
      precision: 'very-high',
    },
  };
  if (finding.url) entry.helpUri = finding.url;
  return entry;
}

function setRuleSeverity(entry: Record<string, unknown>, severity: Severity) {
  entry.defaultConfiguration = { level: LEVEL[severity] };
  const properties = entry.properties as { tags: string[]; 'security-severity': string };
  properties['security-severity'] = SECURITY_SEVERITY[severity];
  properties.tags = [properties.tags[0], 'security', severity];
}

function ruleName(finding: Finding): string {
  if (finding.kind === 'misconfiguration') return 'Misconfiguration';
  if (finding.kind === 'secret') return 'ExposedSecret';
  return finding.vulnType === 'os'
    ? 'OsPackageVulnerability'
    : 'LanguageSpecificPackageVulnerability';
}

function helpText(finding: Finding): string {
  const lines = [`${kindLabel(finding)} ${finding.id}`, `Severity: ${finding.severity}`];
  if (finding.pkg) lines.push(`Package: ${finding.pkg}`);
  if (finding.fixedVersion) lines.push(`Fixed Version: ${finding.fixedVersion}`);
  if (finding.url) lines.push(`Link: ${finding.url}`);
  return lines.join('\n');
}

function message(finding: Finding): string {
  const lines: string[] = [];
  if (finding.pkg) lines.push(`Package: ${finding.pkg}`);
  if (finding.installedVersion) lines.push(`Installed Version: ${finding.installedVersion}`);
  lines.push(`${kindLabel(finding)} ${finding.id}`, `Severity: ${finding.severity}`);
  if (finding.kind === 'vulnerability') {
    lines.push(`Fixed Version: ${finding.fixedVersion ?? 'none available'}`);
  } else if (finding.title) {
    lines.push(finding.title);
  }
  if (finding.url) lines.push(`Link: ${finding.url}`);
  return lines.join('\n');
}

function kindLabel(finding: Finding): string {
  return finding.kind === 'vulnerability'
    ? 'Vulnerability'
    : finding.kind === 'secret'
      ? 'Secret'
      : 'Misconfiguration';
}

function locationText(finding: Finding): string {
  const what = finding.pkg
    ? `${finding.pkg}${finding.installedVersion ? `@${finding.installedVersion}` : ''}`
    : finding.id;
  return `${finding.target}: ${what}`;
}

/** A relative URI reference: each path segment percent-encoded (`:`, `@`, spaces…). */
function locationUri(path: string): string {
  const uri = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return uri === '' ? 'unknown' : uri;
}

/** Stable across runs for the same issue in the same place: kind, id, package, version, where. */
function fingerprint(finding: Finding): string {
  const key = [
    finding.kind,
    finding.id,
    finding.pkg ?? '',
    finding.installedVersion ?? '',
    // An image's OS target names the image tag ('app:1.2 (debian 12.7)'), which changes.
    finding.file ?? (finding.vulnType === 'os' ? 'os' : finding.target),
    finding.kind === 'vulnerability' ? '' : String(finding.line ?? ''),
  ].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const end = text.search(/\.(\s|$)/);
  return end > 0 ? text.slice(0, end + 1) : text;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : `${bytes} bytes`;
}
