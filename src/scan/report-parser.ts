import { createReadStream } from 'node:fs';
import { UserError } from '../shared/errors.js';
import { JsonSyntaxError, PrunedJsonParser, type PruneOptions } from './pruned-json.js';
import {
  isSeverity,
  type Finding,
  type ScanReport,
  type Severity,
  type VulnType,
} from './findings.js';

/**
 * Reads a Trivy JSON report (SchemaVersion 2, from v0.20 on: older ones have no `Status`) or a
 * Grype JSON report (`matches[]`). The format is detected from the content, not declared.
 * `source` names the file (or input) in error messages.
 */
export function parseReport(text: string | Buffer, source: string): ScanReport {
  const parser = new PrunedJsonParser(PRUNE);
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let data: unknown;
  try {
    parser.write(bytes);
    data = parser.end();
  } catch (error) {
    throw notJson(error, bytes, source);
  }
  return parseReportData(data, source);
}

/**
 * Streams a report file through the pruning parser: a 100 MB report is never held whole, and
 * what the gate does not use (references, CPEs, layers, match details) is never decoded.
 */
export async function parseReportFile(path: string, source: string): Promise<ScanReport> {
  const parser = new PrunedJsonParser(PRUNE);
  let head: Buffer | undefined;
  let data: unknown;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      head ??= (chunk as Buffer).subarray(0, 200);
      parser.write(chunk as Buffer);
    }
    data = parser.end();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw notJson(error, head ?? Buffer.alloc(0), source);
  }
  return parseReportData(data, source);
}

/**
 * The parts of Trivy and Grype reports the gate reads; all else is stepped over unparsed
 * (references, CPEs, layers, match details, and secrets' `Match`, which is part of the secret).
 */
const CVSS_LIST = { version: true, metrics: { baseScore: true } } as const;
const PRUNE: PruneOptions = {
  keep: {
    // Trivy
    SchemaVersion: true,
    ArtifactName: true,
    ArtifactType: true,
    Trivy: { Version: true },
    Results: {
      Target: true,
      Class: true,
      Type: true,
      Vulnerabilities: {
        VulnerabilityID: true,
        VendorIDs: true,
        PkgName: true,
        InstalledVersion: true,
        FixedVersion: true,
        Status: true,
        Severity: true,
        Title: true,
        Description: true,
        PrimaryURL: true,
        CVSS: true,
      },
      Misconfigurations: {
        AVDID: true,
        ID: true,
        Status: true,
        Severity: true,
        Title: true,
        Message: true,
        Resolution: true,
        PrimaryURL: true,
        CauseMetadata: { StartLine: true },
      },
      Secrets: { RuleID: true, Category: true, Severity: true, Title: true, StartLine: true },
    },
    // Grype
    descriptor: { name: true, version: true },
    source: { type: true, target: { userInput: true, imageID: true } },
    matches: {
      vulnerability: {
        id: true,
        severity: true,
        description: true,
        dataSource: true,
        fix: { versions: true, state: true },
        cvss: CVSS_LIST,
      },
      relatedVulnerabilities: { id: true, description: true, cvss: CVSS_LIST },
      artifact: { name: true, version: true, type: true, locations: { path: true } },
    },
    // SARIF, recognised to say so
    version: true,
    runs: 'mark',
  },
  // The SARIF rule text is clipped to 1,000 characters too.
  maxString: 1_000,
  convert: {
    Vulnerabilities: (v) => converted(trivyVulnerability(v)) ?? v,
    matches: (m) => (isObject(m) && isObject(m.vulnerability) ? converted(grypeMatch(m, '')) : m),
  },
};

function notJson(error: unknown, head: Buffer, source: string): UserError {
  const snippet = head
    .toString('utf8', 0, Math.min(head.length, 200))
    .trim()
    .slice(0, 60)
    .replace(/\s+/g, ' ');
  return new UserError(
    `${source} is not a JSON scanner report (${(error as Error).message}); it starts with '${snippet}'`,
  );
}

export function parseReportData(data: unknown, source: string): ScanReport {
  if (Array.isArray(data)) {
    throw new UserError(
      `${source} looks like a Trivy report of schema version 1 (before Trivy v0.20); ` +
        'produce it with a Trivy of v0.20 or later (--format json)',
    );
  }
  if (!isObject(data)) {
    throw new UserError(`${source} is not a Trivy JSON or Grype JSON report: not a JSON object`);
  }
  if ('SchemaVersion' in data || 'Results' in data || 'ArtifactName' in data) {
    return parseTrivy(data, source);
  }
  if (Array.isArray(data.matches)) return parseGrype(data, source);
  if ('runs' in data && 'version' in data) {
    throw new UserError(
      `${source} is a SARIF file; give the scanner's JSON report (trivy --format json, grype -o json)`,
    );
  }
  throw new UserError(
    `${source} is neither a Trivy JSON report (SchemaVersion, Results) nor a Grype JSON report (matches)`,
  );
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const urls = new Map<string, string | undefined>();

/** A valid http(s) URL, normalised; advisory URLs repeat across packages, so they are cached. */
function httpUrl(value: unknown): string | undefined {
  const text = str(value);
  if (!text || !/^https?:\/\//i.test(text)) return undefined;
  if (urls.has(text)) return urls.get(text);
  let href: string | undefined;
  try {
    href = new URL(text).href;
  } catch {
    href = undefined;
  }
  if (urls.size > 100_000) urls.clear();
  urls.set(text, href);
  return href;
}

/** A 1-based line number, or undefined (SARIF's startLine must be an integer >= 1). */
function lineNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function severityOf(value: unknown): Severity {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  // Grype's Negligible is below Low; Trivy files the same distro rating under LOW.
  if (upper === 'NEGLIGIBLE') return 'LOW';
  return isSeverity(upper) ? upper : 'UNKNOWN';
}

// Trivy Result classes and types that are OS package databases.
const OS_TYPES = new Set([
  'alpine',
  'alma',
  'amazon',
  'azurelinux',
  'bottlerocket',
  'cbl-mariner',
  'centos',
  'chainguard',
  'debian',
  'echo',
  'fedora',
  'minimos',
  'oracle',
  'photon',
  'redhat',
  'rocky',
  'suse linux enterprise server',
  'opensuse.leap',
  'opensuse.tumbleweed',
  'ubuntu',
  'wolfi',
]);

// Result targets Trivy aggregates from installed packages, not files: Python, Node.js, Java…
const AGGREGATED_TYPES = new Set(['python-pkg', 'node-pkg', 'jar', 'gemspec', 'conda-pkg']);

function parseTrivy(data: Json, source: string): ScanReport {
  if (data.SchemaVersion !== undefined && data.SchemaVersion !== 2) {
    throw new UserError(
      `${source} is a Trivy report of SchemaVersion ${String(data.SchemaVersion)}; only SchemaVersion 2 is supported`,
    );
  }
  if (data.Results !== undefined && data.Results !== null && !Array.isArray(data.Results)) {
    throw new UserError(`${source}: Trivy report field Results is not a list`);
  }
  const artifactType = str(data.ArtifactType) ?? 'unknown';
  const onDisk = artifactType === 'filesystem' || artifactType === 'repository';
  const findings: Finding[] = [];
  for (const result of list(data.Results)) {
    if (!isObject(result)) continue;
    const target = str(result.Target) ?? str(data.ArtifactName) ?? 'unknown';
    const type = str(result.Type) ?? '';
    const cls = str(result.Class) ?? (OS_TYPES.has(type) ? 'os-pkgs' : 'lang-pkgs');
    const file =
      onDisk && !AGGREGATED_TYPES.has(type) && /^[^\s]+$/.test(target) && target !== '.'
        ? target
        : undefined;
    const vulnType: VulnType = cls === 'os-pkgs' ? 'os' : 'library';
    for (const v of list(result.Vulnerabilities)) {
      // Entries arrive converted (trivyVulnerability); the result gives their place.
      const finding = isFinding(v) ? v : trivyVulnerability(v);
      if (!finding) continue;
      finding.vulnType = vulnType;
      finding.target = target;
      if (file) finding.file = file;
      findings.push(finding);
    }
    for (const m of list(result.Misconfigurations)) {
      if (!isObject(m) || (m.Status !== undefined && m.Status !== 'FAIL')) continue;
      const cause = isObject(m.CauseMetadata) ? m.CauseMetadata : {};
      const line = lineNumber(cause.StartLine);
      findings.push({
        kind: 'misconfiguration',
        id: str(m.AVDID) ?? str(m.ID) ?? 'UNKNOWN-CHECK',
        aliases: str(m.ID) && str(m.AVDID) ? [m.ID as string] : [],
        severity: severityOf(m.Severity),
        title: str(m.Title),
        description: [str(m.Message), str(m.Resolution)].filter(Boolean).join(' ') || undefined,
        url: httpUrl(m.PrimaryURL),
        fixable: false,
        target,
        file: onDisk || target.includes('/') || target.includes('.') ? target : undefined,
        line,
      });
    }
    for (const s of list(result.Secrets)) {
      if (!isObject(s)) continue;
      const line = lineNumber(s.StartLine);
      // The matched text (s.Match) is never copied: it is (part of) the secret.
      findings.push({
        kind: 'secret',
        id: str(s.RuleID) ?? 'secret',
        aliases: [],
        severity: severityOf(s.Severity),
        title: str(s.Title) ?? `${str(s.Category) ?? 'Secret'} exposed`,
        fixable: false,
        target,
        file: target,
        line,
      });
    }
  }
  const trivy = isObject(data.Trivy) ? data.Trivy : {};
  return {
    format: 'trivy',
    scanner: { name: 'trivy', version: str(trivy.Version) },
    artifact: { name: str(data.ArtifactName) ?? 'unknown', type: artifactType },
    findings,
  };
}

/** A Trivy vulnerability entry as a Finding, without its place (target, file, class). */
function trivyVulnerability(v: unknown): Finding | undefined {
  if (!isObject(v)) return undefined;
  const status = str(v.Status);
  const fixedVersion = str(v.FixedVersion);
  return {
    kind: 'vulnerability',
    id: str(v.VulnerabilityID) ?? 'UNKNOWN-ID',
    aliases: list(v.VendorIDs).filter((id): id is string => typeof id === 'string'),
    severity: severityOf(v.Severity),
    title: str(v.Title),
    description: str(v.Description),
    url: httpUrl(v.PrimaryURL),
    pkg: str(v.PkgName),
    installedVersion: str(v.InstalledVersion),
    fixedVersion,
    // v0.20-era reports have no Status: a FixedVersion is the only sign of a fix.
    fixable: status ? status === 'fixed' : fixedVersion !== undefined,
    target: '',
    cvss: trivyCvss(v.CVSS),
  };
}

/** Converted entries are tagged so a second pass does not convert them again. */
const CONVERTED = new WeakSet<object>();

function isFinding(value: unknown): value is Finding {
  return typeof value === 'object' && value !== null && CONVERTED.has(value);
}

function converted<T extends object | undefined>(value: T): T {
  if (value) CONVERTED.add(value);
  return value;
}

function trivyCvss(value: unknown): number | undefined {
  if (!isObject(value)) return undefined;
  let v3: number | undefined;
  let v2: number | undefined;
  for (const entry of Object.values(value)) {
    if (!isObject(entry)) continue;
    if (typeof entry.V3Score === 'number') v3 = Math.max(v3 ?? 0, entry.V3Score);
    if (typeof entry.V2Score === 'number') v2 = Math.max(v2 ?? 0, entry.V2Score);
  }
  return v3 ?? v2;
}

/** A Grype match as a Finding; `file` holds the artifact's first location until placed. */
function grypeMatch(match: unknown, source: string): Finding {
  if (!isObject(match) || !isObject(match.vulnerability)) {
    throw new UserError(`${source}: Grype match without a vulnerability object`);
  }
  const v = match.vulnerability;
  const artifact = isObject(match.artifact) ? match.artifact : {};
  const related = list(match.relatedVulnerabilities).filter(isObject);
  const fix = isObject(v.fix) ? v.fix : {};
  const fixVersions = list(fix.versions).filter((x): x is string => typeof x === 'string');
  const location = list(artifact.locations).find(isObject);
  const path = location ? str(location.path) : undefined;
  const id = str(v.id) ?? 'UNKNOWN-ID';
  return {
    kind: 'vulnerability',
    id,
    aliases: related.map((r) => str(r.id)).filter((x): x is string => x !== undefined && x !== id),
    severity: severityOf(v.severity),
    description: str(v.description) ?? related.map((r) => str(r.description)).find(Boolean),
    url: httpUrl(v.dataSource) ?? list(v.urls).map(httpUrl).find(Boolean),
    pkg: str(artifact.name),
    installedVersion: str(artifact.version),
    fixedVersion: fixVersions.length > 0 ? fixVersions.join(', ') : undefined,
    fixable: fix.state === 'fixed' && fixVersions.length > 0,
    vulnType: GRYPE_OS_TYPES.has(str(artifact.type) ?? '') ? 'os' : 'library',
    target: '',
    file: path ? path.replace(/^\/+/, '') : undefined,
    cvss: grypeCvss(v.cvss) ?? related.map((r) => grypeCvss(r.cvss)).find((x) => x !== undefined),
  };
}

// Grype artifact types that are OS packages.
const GRYPE_OS_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm', 'portage', 'linux-kernel']);

function parseGrype(data: Json, source: string): ScanReport {
  const descriptor = isObject(data.descriptor) ? data.descriptor : {};
  const src = isObject(data.source) ? data.source : {};
  const sourceType = str(src.type) ?? 'unknown';
  const srcTarget = src.target;
  const artifactName =
    str(srcTarget) ??
    (isObject(srcTarget) ? (str(srcTarget.userInput) ?? str(srcTarget.imageID)) : undefined) ??
    'unknown';
  const onDisk = sourceType === 'directory' || sourceType === 'file';
  const findings: Finding[] = [];
  for (const match of data.matches as unknown[]) {
    const finding = isFinding(match) ? match : grypeMatch(match, source);
    // Where a match is depends on what was scanned (`source` may come after `matches`).
    const path = finding.file;
    finding.target = onDisk && path ? path : artifactName;
    if (!onDisk || !path) delete finding.file;
    findings.push(finding);
  }
  return {
    format: 'grype',
    scanner: { name: 'grype', version: str(descriptor.version) },
    artifact: { name: artifactName, type: sourceType },
    findings,
  };
}

function grypeCvss(value: unknown): number | undefined {
  let best: number | undefined;
  let bestV3 = false;
  for (const entry of list(value)) {
    if (!isObject(entry) || !isObject(entry.metrics)) continue;
    const score = entry.metrics.baseScore;
    if (typeof score !== 'number') continue;
    const v3 = String(entry.version ?? '').startsWith('3') || String(entry.version) === '4.0';
    if (best === undefined || (v3 && !bestV3) || (v3 === bestV3 && score > best)) {
      best = score;
      bestV3 = v3;
    }
  }
  return best;
}
