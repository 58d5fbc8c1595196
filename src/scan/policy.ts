import {
  compareFindings,
  emptyCounts,
  type Finding,
  type Severity,
  type SeverityCounts,
  type VulnType,
} from './findings.js';
import type { IgnoreEntry } from './ignore-file.js';

export interface Policy {
  /** Severities that fail the gate (default CRITICAL, HIGH). */
  failOn: readonly Severity[];
  /** Vulnerabilities without an available fix do not fail the gate (they are still counted). */
  ignoreUnfixed: boolean;
  /** Vulnerability package classes in scope; others are left out of every count. */
  vulnTypes: readonly VulnType[];
  ignores: readonly IgnoreEntry[];
}

/** Why a finding does or does not fail the gate. */
export type Disposition = 'failing' | 'suppressed' | 'unfixed' | 'below-threshold';

export interface Evaluated {
  finding: Finding;
  disposition: Disposition;
  /** The ignore entry that suppressed it. */
  ignoredBy?: IgnoreEntry;
}

export interface GateResult {
  verdict: 'pass' | 'fail';
  /** In-scope findings per severity, suppressed ones included. */
  found: SeverityCounts;
  suppressed: SeverityCounts;
  failing: SeverityCounts;
  total: number;
  fixable: number;
  suppressedTotal: number;
  failingTotal: number;
  /** Failing vulnerabilities without a fix when ignore-unfixed is off, for the summary. */
  unfixedNotFailing: number;
  /** Every in-scope finding with its disposition, most severe first. */
  evaluated: Evaluated[];
  /** Vulnerabilities outside `vuln-types`, left out of every count. */
  outOfScope: number;
  /** Expired ignore entries (they suppress nothing). */
  expiredIgnores: IgnoreEntry[];
  /** Live ignore entries that matched no finding (candidates for removal). */
  unusedIgnores: IgnoreEntry[];
}

/** Applies the policy to parsed findings. `now` decides which ignore entries have expired. */
export function evaluate(findings: readonly Finding[], policy: Policy, now: number): GateResult {
  const failOn = new Set(policy.failOn);
  const vulnTypes = new Set(policy.vulnTypes);
  const live = new Map<string, IgnoreEntry[]>();
  const expiredIgnores: IgnoreEntry[] = [];
  for (const entry of policy.ignores) {
    if (entry.expiresAt !== undefined && now >= entry.expiresAt) {
      expiredIgnores.push(entry);
      continue;
    }
    const key = entry.id.toUpperCase();
    const bucket = live.get(key);
    if (bucket) bucket.push(entry);
    else live.set(key, [entry]);
  }
  const used = new Set<IgnoreEntry>();
  const match = (finding: Finding): IgnoreEntry | undefined => {
    if (live.size === 0) return undefined;
    for (const id of [finding.id, ...finding.aliases]) {
      const bucket = live.get(id.toUpperCase());
      const entry = bucket?.find((e) => e.package === undefined || e.package === finding.pkg);
      if (entry) return entry;
    }
    return undefined;
  };

  const found = emptyCounts();
  const suppressed = emptyCounts();
  const failing = emptyCounts();
  let fixable = 0;
  let outOfScope = 0;
  let unfixedNotFailing = 0;
  const evaluated: Evaluated[] = [];
  const sorted = [...findings].sort(compareFindings);
  for (const finding of sorted) {
    if (finding.kind === 'vulnerability' && finding.vulnType && !vulnTypes.has(finding.vulnType)) {
      outOfScope++;
      continue;
    }
    found[finding.severity]++;
    if (finding.fixable) fixable++;
    const ignoredBy = match(finding);
    let disposition: Disposition;
    if (ignoredBy) {
      used.add(ignoredBy);
      suppressed[finding.severity]++;
      disposition = 'suppressed';
    } else if (!failOn.has(finding.severity)) {
      disposition = 'below-threshold';
    } else if (policy.ignoreUnfixed && finding.kind === 'vulnerability' && !finding.fixable) {
      disposition = 'unfixed';
      unfixedNotFailing++;
    } else {
      failing[finding.severity]++;
      disposition = 'failing';
    }
    evaluated.push(ignoredBy ? { finding, disposition, ignoredBy } : { finding, disposition });
  }
  const sum = (counts: SeverityCounts) => Object.values(counts).reduce((a, b) => a + b, 0);
  const failingTotal = sum(failing);
  return {
    verdict: failingTotal > 0 ? 'fail' : 'pass',
    found,
    suppressed,
    failing,
    total: sum(found),
    fixable,
    suppressedTotal: sum(suppressed),
    failingTotal,
    unfixedNotFailing,
    evaluated,
    outOfScope,
    expiredIgnores,
    unusedIgnores: [...live.values()].flat().filter((entry) => !used.has(entry)),
  };
}
