/**
 * The small JSON path of `expect.json`: dot and bracket steps from the root, `$` optional.
 * `status`, `$.status`, `data.items[0].id`, `$['content-type']`.
 */

export type PathStep = string | number;

const STEP = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(?:'([^']*)'|"([^"]*)")\]/y;

/** Parse a path; returns undefined when it is not one. */
export function parseJsonPath(path: string): PathStep[] | undefined {
  let text = path.trim();
  if (text === '$') return [];
  if (text.startsWith('$.') || text.startsWith('$[')) text = text.slice(1);
  const steps: PathStep[] = [];
  STEP.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    STEP.lastIndex = at;
    const match = STEP.exec(text);
    if (!match || (at === 0 && text[0] === '.' && !match[1])) return undefined;
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push(match[3] ?? match[4]);
    at = STEP.lastIndex;
  }
  return steps.length > 0 ? steps : undefined;
}

/** The value at the path, or `found: false` when a step is missing. */
export function lookup(value: unknown, steps: readonly PathStep[]) {
  let current: unknown = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false as const };
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) {
        return { found: false as const };
      }
      if (!Object.prototype.hasOwnProperty.call(current, step)) return { found: false as const };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true as const, value: current };
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => jsonEqual(left[key], right[key]));
}
