/**
 * The scanner-neutral model every report is parsed into: one Finding per (vulnerability,
 * package, target), plus failed misconfiguration checks and exposed secrets when a Trivy
 * report carries them.
 */

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse; used to sort so that the most severe findings come first. */
export const SEVERITY_RANK: Record<Severity, number> = {
  CRITICAL: 4,
  HIGH: 3,
  MEDIUM: 2,
  LOW: 1,
  UNKNOWN: 0,
};

export type FindingKind = 'vulnerability' | 'misconfiguration' | 'secret';

/** Trivy's package classes: OS packages (`os-pkgs`) and language libraries (`lang-pkgs`). */
export type VulnType = 'os' | 'library';
export const VULN_TYPES: readonly VulnType[] = ['os', 'library'];

export interface Finding {
  kind: FindingKind;
  /** Vulnerability id (CVE-…, GHSA-…), check id (KSV-0014) or secret rule id (github-pat). */
  id: string;
  /** Other ids the same issue is known by (Grype's related CVEs); ignore entries match these too. */
  aliases: string[];
  severity: Severity;
  title?: string;
  description?: string;
  /** The advisory page, when the scanner gave a valid http(s) URL. */
  url?: string;
  /** Package name; undefined for misconfigurations and secrets. */
  pkg?: string;
  installedVersion?: string;
  /** The version(s) that fix it, as the scanner wrote them. */
  fixedVersion?: string;
  /** A fix is available (Trivy Status fixed / FixedVersion set; Grype fix.state fixed). */
  fixable: boolean;
  /** os or library for vulnerabilities; undefined for other kinds. */
  vulnType?: VulnType;
  /** What was scanned that holds it: `alpine 3.19 image`, `uv.lock`, `Dockerfile`. */
  target: string;
  /**
   * A file in the scanned tree the finding belongs to (a lock file, manifest, Dockerfile), when
   * the report names one; annotations and SARIF locations point there.
   */
  file?: string;
  line?: number;
  /** Highest CVSS v3 (else v2) base score the scanner gave, for SARIF `security-severity`. */
  cvss?: number;
}

export interface ScanReport {
  format: 'trivy' | 'grype';
  scanner: { name: string; version?: string };
  /** What the report is about: image reference or scanned directory. */
  artifact: { name: string; type: string };
  findings: Finding[];
}

export type SeverityCounts = Record<Severity, number>;

export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Most severe first; fixable before unfixable; then by id for a stable order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    Number(b.fixable) - Number(a.fixable) ||
    (b.cvss ?? 0) - (a.cvss ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
