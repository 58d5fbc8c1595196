import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { UserError, quote } from '../shared/errors.js';

/**
 * One accepted risk from the ignore file (`.oasis/scan-ignore.yaml` by default):
 *
 * ```yaml
 * ignores:
 *   - id: CVE-2024-6345          # vulnerability, check or secret rule id (or an alias)
 *     package: setuptools        # optional: only this package
 *     reason: build-time only, not in the runtime image
 *     expires: 2026-12-31        # optional: suppresses through that day (UTC), then warns
 * ```
 */
export interface IgnoreEntry {
  id: string;
  package?: string;
  reason: string;
  /** The first instant (ms since epoch, UTC) at which the entry no longer applies. */
  expiresAt?: number;
  /** The expiry date as written (YYYY-MM-DD). */
  expires?: string;
  /** 1-based position in the file, for messages. */
  index: number;
}

const ENTRY_KEYS = new Set(['id', 'package', 'reason', 'expires']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads and validates the ignore file. A missing file is an empty list unless `required`. */
export async function loadIgnoreFile(path: string, required: boolean): Promise<IgnoreEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return [];
    throw new UserError(
      `input 'ignore-file': cannot read ${quote(path)} (${code ?? (error as Error).message})`,
    );
  }
  return parseIgnoreFile(text, path);
}

export function parseIgnoreFile(text: string, path: string): IgnoreEntry[] {
  const where = `ignore file ${path}`;
  let data: unknown;
  try {
    // CORE schema: dates stay strings, so a bad one (2026-13-01) is an error, not next January.
    data = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: path });
  } catch (error) {
    throw new UserError(`${where} is not valid YAML: ${(error as Error).message}`);
  }
  if (data === undefined || data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${where}: expected a mapping with an 'ignores' list`);
  }
  const unknownTop = Object.keys(data).filter((key) => key !== 'ignores');
  if (unknownTop.length > 0) {
    throw new UserError(
      `${where}: unknown key ${quote(unknownTop[0])}; the file has one key, 'ignores'`,
    );
  }
  const ignores = (data as { ignores?: unknown }).ignores;
  if (ignores === undefined || ignores === null) return [];
  if (!Array.isArray(ignores)) throw new UserError(`${where}: 'ignores' must be a list`);
  return ignores.map((raw, i) => parseEntry(raw, i + 1, where));
}

function parseEntry(raw: unknown, index: number, where: string): IgnoreEntry {
  const at = `${where}, entry ${index}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError(
      `${at}: expected a mapping with id, reason and optionally package, expires`,
    );
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ENTRY_KEYS.has(key)) {
      throw new UserError(
        `${at}: unknown key ${quote(key)}; allowed keys are id, package, reason, expires`,
      );
    }
  }
  const text = (key: string): string | undefined => {
    const value = record[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new UserError(`${at}: '${key}' must be a string`);
    }
    const trimmed = String(value).trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const id = text('id');
  if (!id)
    throw new UserError(`${at}: 'id' is required (a vulnerability id such as CVE-2024-1234)`);
  const reason = text('reason');
  if (!reason) {
    throw new UserError(`${at} (${id}): 'reason' is required: say why this risk is accepted`);
  }
  const entry: IgnoreEntry = { id, reason, package: text('package'), index };
  const expires = text('expires');
  if (expires !== undefined) {
    const match = DATE.exec(expires);
    const at0 = match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : NaN;
    const check = new Date(at0);
    if (
      !match ||
      Number.isNaN(at0) ||
      check.getUTCFullYear() !== +match[1] ||
      check.getUTCMonth() !== +match[2] - 1 ||
      check.getUTCDate() !== +match[3]
    ) {
      throw new UserError(
        `${at} (${id}): 'expires' ${quote(expires)} is not a date; write YYYY-MM-DD, e.g. 2026-12-31`,
      );
    }
    entry.expires = expires;
    entry.expiresAt = at0 + 86_400_000;
  }
  return entry;
}
