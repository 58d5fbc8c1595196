/**
 * `set` and `helm-values` requests: `file:key.path=value` on any YAML file, written in place
 * with the scalar's own style; a missing last key is appended to its mapping.
 */
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { UserError } from '../shared/errors.js';
import {
  formatKeyPath,
  position,
  resolveAlias,
  type ParsedYaml,
  type PathSegment,
  type YamlEditor,
} from '../shared/yaml-edit.js';
import type { Change } from './image-edits.js';

export interface ValueUpdate {
  /** Which input asked for it: `set` or `helm-values`. */
  input: 'set' | 'helm-values';
  /** Path relative to the checkout, as given. */
  file: string;
  path: PathSegment[];
  value: string;
}

export function describeValueUpdate(update: ValueUpdate): string {
  return `${update.file}:${formatKeyPath(update.path)}`;
}

interface Found {
  doc: Document.Parsed;
  /** The node at the path, or undefined when only the last key is missing. */
  node: unknown;
  parent: unknown;
  inFlow: boolean;
}

/** Walk the path in one document; returns how far it got when it stops. */
function walk(
  doc: Document.Parsed,
  path: readonly PathSegment[],
): { found?: Found; stoppedAt?: number; reason?: string } {
  let node: unknown = resolveAlias(doc, doc.contents);
  let inFlow = false;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      inFlow ||= Boolean(node.flow);
      const key = String(segment);
      const pair = node.items.find((item) => {
        const k = resolveAlias(doc, item.key);
        return isScalar(k) && String(k.value) === key;
      });
      if (!pair) {
        if (last) return { found: { doc, node: undefined, parent: node, inFlow } };
        return { stoppedAt: i, reason: `has no key '${key}'` };
      }
      node = resolveAlias(doc, pair.value);
      continue;
    }
    if (isSeq(node)) {
      inFlow ||= Boolean(node.flow);
      if (typeof segment !== 'number') {
        return { stoppedAt: i, reason: `is a list; use an index like [0] instead of '${segment}'` };
      }
      if (segment >= node.items.length) {
        return { stoppedAt: i, reason: `has only ${node.items.length} items, no [${segment}]` };
      }
      node = resolveAlias(doc, node.items[segment]);
      continue;
    }
    return { stoppedAt: i, reason: 'is not a mapping or list' };
  }
  return { found: { doc, node, parent: undefined, inFlow } };
}

export function applyValueUpdate(
  parsed: ParsedYaml,
  editor: YamlEditor,
  update: ValueUpdate,
  changes: Change[],
): void {
  const keyText = formatKeyPath(update.path);
  const request = describeValueUpdate(update);
  const results = parsed.docs.map((doc) => walk(doc, update.path));
  const existing = results.filter((r) => r.found && r.found.node !== undefined);
  const targets =
    existing.length > 0
      ? existing
      : results.filter((r) => r.found && r.found.node === undefined).slice(0, 1);
  if (targets.length === 0) {
    const best = results.reduce(
      (a, b) => ((b.stoppedAt ?? -1) > (a.stoppedAt ?? -1) ? b : a),
      results[0] ?? { stoppedAt: 0, reason: 'is empty' },
    );
    const where =
      best.stoppedAt && best.stoppedAt > 0
        ? `'${formatKeyPath(update.path.slice(0, best.stoppedAt))}' ${best.reason}`
        : `the document ${best.reason ?? 'is empty'}`;
    throw new UserError(`${update.input} ${request}: key not found in ${parsed.path}: ${where}`);
  }
  for (const target of targets) {
    const found = target.found!;
    if (found.node === undefined) {
      const map = found.parent;
      if (!isMap(map)) continue;
      editor.addPair(map, String(update.path[update.path.length - 1]), update.value);
      changes.push({
        file: parsed.path,
        line: position(parsed, map.range?.[0] ?? 0).line,
        target: keyText,
        old: '(none)',
        new: update.value,
        request,
      });
      continue;
    }
    if (!isScalar(found.node)) {
      const what = isMap(found.node) ? 'a mapping' : isSeq(found.node) ? 'a list' : 'not a value';
      throw new UserError(
        `${update.input} ${request}: ${parsed.path} has ${what} at '${keyText}'; name a key that holds a single value`,
      );
    }
    const node = found.node;
    if (!editor.setScalar(node, { kind: 'typed', text: update.value }, found.inFlow)) continue;
    changes.push({
      file: parsed.path,
      line: position(parsed, node.range?.[0] ?? 0).line,
      target: keyText,
      old: node.value === null ? 'null' : String(node.value),
      new: update.value,
      request,
    });
  }
}
