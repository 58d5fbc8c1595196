/** Key paths into YAML/JSON documents: `image.tag`, `spec.containers[0].image`, `a["b.c"]`. */
export type PathSegment = string | number;

/**
 * Parse a key path: `image.tag`, `spec.containers[0].image`, `metadata.annotations["a.b/c"]`,
 * `a."dotted.key".b`. Throws a plain Error with the problem; callers wrap it in a ConfigError.
 */
export function parseKeyPath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (problem: string): never => {
    throw new Error(`key path '${text}' ${problem}`);
  };
  const readQuoted = (): string => {
    const q = text[i];
    const end = text.indexOf(q, i + 1);
    if (end < 0) fail(`has an unterminated ${q}`);
    const value = text.slice(i + 1, end);
    i = end + 1;
    return value;
  };
  if (text.trim() === '') fail('is empty');
  let expectKey = true;
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      i++;
      if (text[i] === '"' || text[i] === "'") {
        segments.push(readQuoted());
      } else {
        const end = text.indexOf(']', i);
        if (end < 0) fail("has an unterminated '['");
        const index = text.slice(i, end).trim();
        if (!/^\d+$/.test(index)) fail(`has a non-numeric index [${index}]`);
        segments.push(Number(index));
        i = end;
      }
      if (text[i] !== ']') fail("has a '[' without its ']'");
      i++;
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (expectKey) fail('has an empty segment');
      i++;
      expectKey = true;
      continue;
    }
    if (!expectKey) fail(`needs a '.' before position ${i + 1}`);
    if (c === '"' || c === "'") {
      segments.push(readQuoted());
    } else {
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
      segments.push(text.slice(i, end));
      i = end;
    }
    expectKey = false;
  }
  if (expectKey) fail('ends with a dot');
  return segments;
}

export function formatKeyPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_/-]+$/.test(segment)) out += `${out ? '.' : ''}${segment}`;
    else out += `["${segment}"]`;
  }
  return out;
}
