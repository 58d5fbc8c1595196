// Field ownership for server-side apply: which manager set which field (FieldsV1), conflicts
// between managers, and removal of fields a manager stops applying.
import { ApiError } from './api-errors.js';
import { itemKey, listKeys, sameKey } from './patch.js';
import { now } from './store.js';
import { clone, deepEqual, isObject, type KubeObject, type ManagedFieldsEntry } from './types.js';

/** A field path: `f:spec`, `f:template`, `k:{"name":"app"}`, `f:image`. */
export type FieldPath = string[];

const SYSTEM_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/** The leaf field paths an object sets (metadata system fields, apiVersion, kind excluded). */
export function fieldPaths(obj: KubeObject, opts: { includeStatus: boolean }): FieldPath[] {
  const out: FieldPath[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || v === undefined) continue;
    if (k === 'status' && !opts.includeStatus) continue;
    if (k === 'metadata' && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (SYSTEM_METADATA.has(mk) || mv === undefined) continue;
        walk(mv, ['f:metadata', `f:${mk}`], ['metadata', mk], out);
      }
      continue;
    }
    walk(v, [`f:${k}`], [k], out);
  }
  return out;
}

function walk(value: unknown, path: FieldPath, names: string[], out: FieldPath[]) {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const keys = listKeys(names, k);
      if (Array.isArray(v) && keys && v.every(isObject)) {
        if (v.length === 0) out.push([...path, `f:${k}`]);
        for (const item of v) {
          const kseg = `k:${JSON.stringify(itemKey(item, keys))}`;
          walk(item, [...path, `f:${k}`, kseg], [...names, k], out);
        }
      } else walk(v, [...path, `f:${k}`], [...names, k], out);
    }
    return;
  }
  out.push(path);
}

const pkey = (p: FieldPath) => JSON.stringify(p);

export function getAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (seg.startsWith('f:')) {
      if (!isObject(cur)) return undefined;
      cur = cur[seg.slice(2)];
    } else if (seg.startsWith('k:')) {
      if (!Array.isArray(cur)) return undefined;
      const key = JSON.parse(seg.slice(2)) as Record<string, unknown>;
      cur = cur.find((i) => sameKey(i, key, Object.keys(key)));
    } else return undefined;
  }
  return cur;
}

/** Deletes a leaf; a keyed list item loses itself when one of its key fields is removed. */
function deleteAt(obj: unknown, path: FieldPath): void {
  const parents: unknown[] = [];
  let cur: unknown = obj;
  for (const seg of path.slice(0, -1)) {
    parents.push(cur);
    cur = getAt(cur, [seg]);
    if (cur === undefined) return;
  }
  const last = path[path.length - 1];
  const parentSeg = path[path.length - 2];
  if (parentSeg?.startsWith('k:') && isObject(cur)) {
    const key = JSON.parse(parentSeg.slice(2)) as Record<string, unknown>;
    if (last.startsWith('f:') && last.slice(2) in key) {
      const list = parents[parents.length - 1];
      if (Array.isArray(list)) {
        const idx = list.indexOf(cur);
        if (idx >= 0) list.splice(idx, 1);
      }
      return;
    }
  }
  if (isObject(cur) && last.startsWith('f:')) delete cur[last.slice(2)];
}

export function toFieldsV1(paths: FieldPath[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    let cur = root;
    for (const seg of p) {
      if (!isObject(cur[seg])) cur[seg] = {};
      cur = cur[seg] as Record<string, unknown>;
      if (seg.startsWith('k:')) cur['.'] = {};
    }
  }
  return root;
}

export function fromFieldsV1(fv1: unknown): FieldPath[] {
  const out: FieldPath[] = [];
  const rec = (node: unknown, path: FieldPath) => {
    const entries = isObject(node) ? Object.entries(node).filter(([k]) => k !== '.') : [];
    if (entries.length === 0) {
      if (path.length) out.push(path);
      return;
    }
    for (const [k, v] of entries) rec(v, [...path, k]);
  };
  rec(fv1, []);
  return out;
}

/** `.spec.template.spec.containers[name="app"].image`, as the API server prints it. */
export function humanPath(path: FieldPath): string {
  let s = '';
  for (const seg of path) {
    if (seg.startsWith('f:')) s += `.${seg.slice(2)}`;
    else if (seg.startsWith('k:')) {
      const key = JSON.parse(seg.slice(2)) as Record<string, unknown>;
      s += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    }
  }
  return s;
}

function mergeApplied(current: unknown, applied: unknown, names: string[]): unknown {
  if (!isObject(applied)) return clone(applied);
  const out: Record<string, unknown> = isObject(current) ? clone(current) : {};
  for (const [k, v] of Object.entries(applied)) {
    if (v === null || v === undefined) {
      delete out[k];
      continue;
    }
    const keys = listKeys(names, k);
    if (Array.isArray(v) && keys && v.every(isObject)) {
      const list: unknown[] = Array.isArray(out[k]) ? (out[k] as unknown[]) : [];
      const merged: unknown[] = [];
      for (const item of v) {
        const existing = list.find((o) => sameKey(o, item, keys));
        merged.push(mergeApplied(existing, item, [...names, k]));
      }
      // Items applied by others (not in this configuration) stay, after the applied ones.
      for (const o of list) if (!v.some((i) => sameKey(o, i, keys))) merged.push(o);
      out[k] = merged;
    } else if (isObject(v)) {
      out[k] = mergeApplied(out[k], v, [...names, k]);
    } else out[k] = clone(v);
  }
  return out;
}

function pruneEmpty(obj: KubeObject, removed: FieldPath[]) {
  // Remove maps a removal left empty (e.g. metadata.labels after the last label went away).
  for (const p of removed) {
    for (let n = p.length - 1; n > 0; n--) {
      const parentPath = p.slice(0, n);
      const v = getAt(obj, parentPath);
      if (
        isObject(v) &&
        Object.keys(v).length === 0 &&
        parentPath[parentPath.length - 1].startsWith('f:')
      ) {
        deleteAt(obj, parentPath);
      } else break;
    }
  }
}

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  /** Main resource apply ignores status; a /status apply only looks at status. */
  subresource?: 'status';
}

function entryPaths(e: ManagedFieldsEntry): FieldPath[] {
  return fromFieldsV1(e.fieldsV1);
}

/** Server-side apply of `applied` over `current` (undefined when creating). */
export function serverSideApply(
  current: KubeObject | undefined,
  applied: KubeObject,
  opts: ApplyOptions,
): KubeObject {
  const onStatus = opts.subresource === 'status';
  let appliedPaths = fieldPaths(applied, { includeStatus: onStatus });
  if (onStatus) appliedPaths = appliedPaths.filter((p) => p[0] === 'f:status');
  const appliedSet = new Set(appliedPaths.map(pkey));
  const entries = clone(current?.metadata.managedFields ?? []).filter(
    (e) => (e.subresource ?? '') === (opts.subresource ?? ''),
  );
  const otherSubresource = clone(current?.metadata.managedFields ?? []).filter(
    (e) => (e.subresource ?? '') !== (opts.subresource ?? ''),
  );
  const isMine = (e: ManagedFieldsEntry) => e.manager === opts.manager && e.operation === 'Apply';

  // Conflicts: a field another manager owns, applied here with a different value.
  const conflicts: Array<{ manager: string; apiVersion: string; path: FieldPath }> = [];
  if (current) {
    for (const e of entries) {
      if (isMine(e)) continue;
      for (const p of entryPaths(e)) {
        if (!appliedSet.has(pkey(p))) continue;
        if (!deepEqual(getAt(current, p), getAt(applied, p))) {
          conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, path: p });
        }
      }
    }
  }
  if (conflicts.length && !opts.force) throw conflictError(conflicts);

  const forced = new Set(conflicts.map((c) => pkey(c.path)));
  const others = entries
    .filter((e) => !isMine(e))
    .map((e) => ({
      ...e,
      paths: entryPaths(e).filter((p) => !forced.has(pkey(p))),
    }));
  const ownedByOthers = new Set(others.flatMap((o) => o.paths.map(pkey)));
  const mine = entries.find(isMine);
  const previously = mine ? entryPaths(mine) : [];
  const removed = previously.filter((p) => !appliedSet.has(pkey(p)) && !ownedByOthers.has(pkey(p)));

  let result: KubeObject = current ? clone(current) : { metadata: {} };
  for (const p of removed) deleteAt(result, p);
  pruneEmpty(result, removed);
  const body = clone(applied);
  if (!onStatus) delete body.status;
  else {
    for (const k of Object.keys(body)) if (k !== 'status' && k !== 'metadata') delete body[k];
    body.metadata = {};
  }
  const { managedFields: _mf, resourceVersion: _rv, uid: _uid, ...meta } = body.metadata ?? {};
  body.metadata = meta;
  result = mergeApplied(result, body, []) as KubeObject;

  const time = now();
  const newEntries: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (isMine(e)) continue;
    const o = others.find((x) => x.manager === e.manager && x.operation === e.operation)!;
    if (o.paths.length === 0) continue;
    newEntries.push({ ...e, fieldsV1: toFieldsV1(o.paths) });
  }
  const mineEntry: ManagedFieldsEntry = {
    manager: opts.manager,
    operation: 'Apply',
    apiVersion: opts.apiVersion,
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(appliedPaths),
  };
  if (opts.subresource) mineEntry.subresource = opts.subresource;
  const at = entries.findIndex(isMine);
  if (at >= 0 && at <= newEntries.length) newEntries.splice(at, 0, mineEntry);
  else newEntries.push(mineEntry);
  result.metadata.managedFields = [...otherSubresource, ...newEntries];
  return result;
}

function conflictError(
  conflicts: Array<{ manager: string; apiVersion: string; path: FieldPath }>,
): ApiError {
  const byManager = new Map<string, typeof conflicts>();
  for (const c of conflicts) {
    const k = `${c.manager}|${c.apiVersion}`;
    if (!byManager.has(k)) byManager.set(k, []);
    byManager.get(k)!.push(c);
  }
  const parts: string[] = [];
  for (const list of byManager.values()) {
    const { manager, apiVersion } = list[0];
    if (list.length === 1)
      parts.push(`conflict with "${manager}" using ${apiVersion}: ${humanPath(list[0].path)}`);
    else
      parts.push(
        `conflicts with "${manager}" using ${apiVersion}:\n${list.map((c) => `- ${humanPath(c.path)}`).join('\n')}`,
      );
  }
  const n = conflicts.length;
  return new ApiError(
    409,
    'Conflict',
    `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`,
    {
      causes: conflicts.map((c) => ({
        type: 'FieldManagerConflict',
        message: `conflict with "${c.manager}" using ${c.apiVersion}`,
        field: humanPath(c.path),
      })),
    },
  );
}

/**
 * Records a non-apply write (create, PUT, PATCH) by `manager`: it takes ownership of every field
 * it set or changed; fields that disappeared lose their owners.
 */
export function recordUpdate(
  old: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  apiVersion: string,
  subresource?: 'status',
): void {
  const onStatus = subresource === 'status';
  const filter = (p: FieldPath) => (onStatus ? p[0] === 'f:status' : p[0] !== 'f:status');
  const nextPaths = fieldPaths(next, { includeStatus: true }).filter(filter);
  const nextSet = new Set(nextPaths.map(pkey));
  const changed = nextPaths.filter((p) => !old || !deepEqual(getAt(old, p), getAt(next, p)));
  const changedSet = new Set(changed.map(pkey));
  const entries = clone(old?.metadata.managedFields ?? []);
  const out: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const e of entries) {
    const sameSub = (e.subresource ?? '') === (subresource ?? '');
    if (!sameSub) {
      out.push(e);
      continue;
    }
    const paths = entryPaths(e).filter((p) => nextSet.has(pkey(p)) && !changedSet.has(pkey(p)));
    if (e.manager === manager && e.operation === 'Update') {
      mine = { ...e, fieldsV1: toFieldsV1([...paths, ...changed]) };
      out.push(mine);
      continue;
    }
    if (paths.length) out.push({ ...e, fieldsV1: toFieldsV1(paths) });
  }
  if (!mine && changed.length) {
    mine = {
      manager,
      operation: 'Update',
      apiVersion,
      time: now(),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(changed),
    };
    if (subresource) mine.subresource = subresource;
    out.push(mine);
  } else if (mine && changed.length) mine.time = now();
  if (out.length) next.metadata.managedFields = out;
  else delete next.metadata.managedFields;
}
