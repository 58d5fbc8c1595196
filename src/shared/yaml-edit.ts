/**
 * Byte-minimal edits of YAML files. The `yaml` package parses the text with source ranges kept;
 * each edit replaces exactly the characters of one scalar (or inserts/removes one mapping pair)
 * in the ORIGINAL text, so comments, anchors, key order, quoting style, indentation, document
 * separators, CRLF line endings and the trailing newline stay byte for byte as they were.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parse as parseYamlValue,
  parseAllDocuments,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { UserError } from './errors.js';

export { formatKeyPath, parseKeyPath, type PathSegment } from './key-path.js';

export interface ParsedYaml {
  /** Path shown in messages (relative to the checkout). */
  path: string;
  text: string;
  docs: Document.Parsed[];
  /** Offsets where lines start, computed on first use (only messages need them). */
  lineStarts?: number[];
  /** The line ending the file uses (its first one), `\n` when it has none. */
  eol: '\n' | '\r\n';
}

export interface ParseYamlOptions {
  /**
   * Refuse documents whose aliases make them expand to more than this many nodes (alias bombs);
   * never less than 10 times the nodes actually written. Default 10,000.
   */
  maxExpandedNodes?: number;
}

/** Parse every document of a YAML file; a syntax error throws a UserError with file:line:col. */
export function parseYaml(text: string, path: string, options: ParseYamlOptions = {}): ParsedYaml {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const list = (Array.isArray(docs) ? docs : []) as Document.Parsed[];
  const parsed: ParsedYaml = { path, text, docs: list, eol: '\n' };
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const { line, col } = position(parsed, error.pos[0]);
      const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
      throw new UserError(`${path}:${line}:${col}: not valid YAML: ${reason}`);
    }
  }
  const maxExpanded = options.maxExpandedNodes ?? 10_000;
  for (const doc of list) {
    if (aliasExpansion(doc) > maxExpanded) {
      throw new UserError(
        `${path}: refused: its aliases expand to too many nodes (over ${maxExpanded}; a YAML alias bomb?)`,
      );
    }
  }
  const newline = text.indexOf('\n');
  const eol = newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
  parsed.eol = eol;
  return parsed;
}

/**
 * How many nodes a document would have with every alias expanded, counted in linear time
 * (each anchored node's expanded size is computed once), without expanding anything. Returns 0
 * for a document without aliases.
 */
export function aliasExpansion(doc: Document.Parsed): number {
  let aliases = 0;
  let written = 0;
  const sizes = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (depth > 1000) return Number.POSITIVE_INFINITY;
    if (isAlias(node)) {
      aliases++;
      const target = node.resolve(doc);
      if (!target) return 1;
      const known = sizes.get(target);
      if (known !== undefined) return known;
      return size(target, depth + 1);
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let total = 1;
    if (isMap(node)) {
      for (const pair of node.items)
        total += size(pair.key, depth + 1) + size(pair.value, depth + 1);
    } else if (isSeq(node)) {
      for (const item of node.items) total += size(item, depth + 1);
    }
    sizes.set(node, total);
    return total;
  };
  const total = size(doc.contents, 0);
  if (aliases === 0) return 0;
  for (const value of sizes.values()) if (value >= 0) written++;
  return total > 10 * written ? total : 0;
}

/** `file:line` of an offset, for messages and annotations. */
export function position(parsed: ParsedYaml, offset: number): { line: number; col: number } {
  if (!parsed.lineStarts) {
    const starts = [0];
    for (let i = parsed.text.indexOf('\n'); i >= 0; i = parsed.text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
    }
    parsed.lineStarts = starts;
  }
  const starts = parsed.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, col: offset - starts[low] + 1 };
}

/** Follow an alias to the node its anchor names (so an edit lands on the anchored value). */
export function resolveAlias(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let depth = 0; isAlias(current) && depth < 32; depth++) current = current.resolve(doc);
  return current;
}

/** The value of `key` in a map (aliases followed), or undefined. */
export function mapGet(doc: Document.Parsed, map: unknown, key: string): unknown {
  const target = resolveAlias(doc, map);
  if (!isMap(target)) return undefined;
  for (const pair of target.items) {
    const k = resolveAlias(doc, pair.key);
    if (isScalar(k) && String(k.value) === key) return resolveAlias(doc, pair.value);
  }
  return undefined;
}

/** The plain JS value of a scalar node, else undefined. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** A value to write: a string (kept a string whatever its text), or typed YAML text. */
export type NewValue = { kind: 'string'; value: string } | { kind: 'typed'; text: string };

const PLAIN_START_FORBIDDEN = /^[[\]{},#&*!|>'"%@`]/;

/** Whether `value` written as a plain scalar reads back as exactly that string. */
export function isPlainSafe(value: string, inFlow: boolean): boolean {
  if (value === '' || value.trim() !== value || /[\n\r\t]/.test(value)) return false;
  if (PLAIN_START_FORBIDDEN.test(value)) return false;
  if (/^[-?:](\s|$)/.test(value)) return false;
  if (/: |:$| #/.test(value)) return false;
  if (inFlow && /[,[\]{}]/.test(value)) return false;
  try {
    return parseYamlValue(value) === value;
  } catch {
    return false;
  }
}

function doubleQuoted(value: string): string {
  // JSON escapes (\" \\ \n \t \uXXXX …) are all valid YAML double-quoted escapes.
  return JSON.stringify(value);
}

/** Render a string in the style of the scalar it replaces (plain stays plain when safe). */
export function renderString(value: string, style: Scalar['type'], inFlow: boolean): string {
  switch (style) {
    case 'QUOTE_SINGLE':
      return /[\n\r]/.test(value) ? doubleQuoted(value) : `'${value.replace(/'/g, "''")}'`;
    case 'QUOTE_DOUBLE':
      return doubleQuoted(value);
    default:
      return isPlainSafe(value, inFlow) ? value : doubleQuoted(value);
  }
}

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Collects edits against the original text of one file and applies them in one pass. */
export class YamlEditor {
  private readonly edits: TextEdit[] = [];
  /** True once a pair was added or removed (not just a scalar replaced): worth re-parsing. */
  structural = false;

  constructor(readonly parsed: ParsedYaml) {}

  get changed(): boolean {
    return this.edits.length > 0;
  }

  /**
   * Set a scalar to a new value in its own style. Returns the old value as text, or undefined
   * when the scalar already holds the value (nothing to do).
   */
  setScalar(node: Scalar, value: NewValue, inFlow: boolean): { old: string } | undefined {
    const range = node.range;
    if (!range) throw new Error('scalar without source range');
    const intended = intendedValue(node, value);
    if (intended.same) return undefined;
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      const { line } = position(this.parsed, range[0]);
      throw new UserError(
        `${this.parsed.path}:${line}: the value is a block scalar (| or >); write it as a plain or quoted scalar to let it be updated`,
      );
    }
    let text = intended.text ?? renderString(intended.string!, node.type, inFlow);
    let start = range[0];
    const end = range[1];
    if (node.source === '' && start === end && node.value === null) {
      // `key:` with nothing after it: insert after the colon with one space.
      text = ` ${text}`;
      if (this.parsed.text[start - 1] === ' ') text = text.slice(1);
      start = end;
    }
    this.add({ start, end, text });
    return { old: node.value === null ? 'null' : String(node.value) };
  }

  /** Append `key: value` as the last pair of a mapping (block or flow). */
  addPair(map: YAMLMap, key: string, value: string): void {
    this.structural = true;
    const text = this.parsed.text;
    const rendered = `${renderString(key, 'PLAIN', map.flow ?? false)}: `;
    if (map.flow) {
      const close = text.lastIndexOf('}', (map.range?.[1] ?? 0) - 1);
      if (close < 0) throw new Error('flow mapping without }');
      const empty = map.items.length === 0;
      let at = close;
      while (at > 0 && /[ \t\r\n]/.test(text[at - 1])) at--;
      this.add({
        start: at,
        end: at,
        text: `${empty ? '' : ', '}${rendered}${renderString(value, 'PLAIN', true)}`,
      });
      return;
    }
    const last = map.items[map.items.length - 1];
    const keyNode = last?.key as Node | undefined;
    if (!last || !keyNode?.range) throw new Error('cannot add to an empty block mapping');
    const keyStart = keyNode.range[0];
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    let indent = text.slice(lineStart, keyStart);
    if (!/^[ ]*$/.test(indent)) indent = ' '.repeat(keyStart - lineStart); // `- key:` item
    const valueNode = last.value as Node | null;
    const after = valueNode?.range ? valueNode.range[1] : keyNode.range[1];
    // Insert after the line that ends the last pair (its trailing comment included).
    let insertAt = text.indexOf('\n', Math.max(after - 1, keyStart));
    const line = `${indent}${rendered}${renderString(value, 'PLAIN', false)}`;
    if (insertAt < 0) {
      this.add({ start: text.length, end: text.length, text: `${this.parsed.eol}${line}` });
      return;
    }
    insertAt += 1;
    this.add({ start: insertAt, end: insertAt, text: `${line}${this.parsed.eol}` });
  }

  /** Remove a `key: value` pair from a block mapping (its whole line(s)). */
  removePair(doc: Document.Parsed, map: YAMLMap, key: string): boolean {
    const pair = map.items.find((item) => {
      const k = resolveAlias(doc, item.key);
      return isScalar(k) && String(k.value) === key;
    });
    if (!pair) return false;
    this.structural = true;
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    if (map.flow || !keyNode.range) {
      const { line } = position(this.parsed, map.range?.[0] ?? 0);
      throw new UserError(
        `${this.parsed.path}:${line}: cannot remove '${key}' from a flow mapping; edit the file by hand once`,
      );
    }
    const text = this.parsed.text;
    const start = text.lastIndexOf('\n', keyNode.range[0] - 1) + 1;
    if (text.slice(start, keyNode.range[0]).trim() !== '') {
      const { line } = position(this.parsed, keyNode.range[0]);
      throw new UserError(
        `${this.parsed.path}:${line}: cannot remove '${key}' when it shares its line with another key`,
      );
    }
    const after = valueNode?.range ? valueNode.range[1] : keyNode.range[1];
    const newline = text.indexOf('\n', Math.max(after - 1, keyNode.range[0]));
    const end = newline < 0 ? text.length : newline + 1;
    this.add({ start, end, text: '' });
    return true;
  }

  private add(edit: TextEdit): void {
    const same = this.edits.find((e) => e.start === edit.start && e.end === edit.end);
    if (same) {
      if (same.text === edit.text) return;
      const { line } = position(this.parsed, edit.start);
      throw new UserError(
        `${this.parsed.path}:${line}: two requested changes write different values to the same place (an anchor shared by both?)`,
      );
    }
    const overlap = this.edits.find((e) => edit.start < e.end && e.start < edit.end);
    if (overlap) {
      const { line } = position(this.parsed, edit.start);
      throw new UserError(`${this.parsed.path}:${line}: overlapping changes`);
    }
    this.edits.push(edit);
  }

  /** The new text: the original with every edit spliced in. */
  result(): string {
    const text = this.parsed.text;
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let out = '';
    let at = 0;
    for (const edit of sorted) {
      out += text.slice(at, edit.start) + edit.text;
      at = edit.end;
    }
    return out + text.slice(at);
  }
}

function intendedValue(
  node: Scalar,
  value: NewValue,
): { same: boolean; string?: string; text?: string } {
  if (value.kind === 'string') {
    return { same: node.value === value.value, string: value.value };
  }
  // Typed: keep the type the file had when the new text reads as that type (replicas: 3 → 5,
  // enabled: false → true); otherwise it is a string.
  let parsed: unknown;
  try {
    parsed = parseYamlValue(value.text);
  } catch {
    parsed = value.text;
  }
  const existing = node.value;
  if (
    existing !== null &&
    typeof existing !== 'string' &&
    typeof parsed === typeof existing &&
    node.type === 'PLAIN'
  ) {
    return { same: Object.is(parsed, existing), text: value.text };
  }
  return { same: existing === value.text, string: value.text };
}
