// PATCH bodies: JSON merge patch (RFC 7386), strategic merge patch for the built-in kinds'
// keyed lists, and JSON patch (RFC 6902).
import { ApiError, badRequest } from './api-errors.js';
import { clone, deepEqual, isObject } from './types.js';

/**
 * The merge keys of the associative lists the double knows, by field name and parent path
 * (field names only, no indices). Undefined = atomic list (replaced as a whole).
 */
export function listKeys(parents: string[], field: string): string[] | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return ['name'];
    case 'volumeMounts':
      return ['mountPath'];
    case 'volumeDevices':
      return ['devicePath'];
    case 'conditions':
      return ['type'];
    case 'ownerReferences':
      return ['uid'];
    case 'hostAliases':
      return ['ip'];
    case 'topologySpreadConstraints':
      return ['topologyKey', 'whenUnsatisfiable'];
    case 'ports': {
      const inContainer = parents.some((p) => p === 'containers' || p === 'initContainers');
      if (inContainer) return ['containerPort', 'protocol'];
      if (parents[parents.length - 1] === 'spec') return ['port', 'protocol'];
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The item's key values, with the API server defaults (protocol TCP) filled in. */
export function itemKey(item: unknown, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rec = isObject(item) ? item : {};
  for (const k of keys) {
    let v = rec[k];
    if (v === undefined && k === 'protocol') v = 'TCP';
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function sameKey(a: unknown, b: unknown, keys: string[]): boolean {
  return deepEqual(itemKey(a, keys), itemKey(b, keys));
}

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge patch, as kubectl and controllers send it for the built-in kinds. */
export function strategicMergePatch(
  target: unknown,
  patch: unknown,
  parents: string[] = [],
): unknown {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isObject(target) ? clone(target) : {};
  const retain = patch.$retainKeys;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) {
        out[field] = (out[field] as unknown[]).filter((x) => !v.some((d) => deepEqual(d, x)));
      }
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const keys = listKeys(parents, k);
    if (Array.isArray(v) && keys) {
      out[k] = mergeKeyedList(out[k], v, keys, [...parents, k]);
    } else if (isObject(v)) {
      const merged = strategicMergePatch(out[k], v, [...parents, k]);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = clone(v);
    }
  }
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

function mergeKeyedList(
  target: unknown,
  patch: unknown[],
  keys: string[],
  path: string[],
): unknown[] {
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch
      .filter((p) => !(isObject(p) && p.$patch === 'replace'))
      .map((p) => stripDirectives(p));
  }
  const out: unknown[] = Array.isArray(target) ? clone(target) : [];
  // The first key is the patchMergeKey; a patch item only needs that one.
  const mergeKey = [keys[0]];
  for (const item of patch) {
    if (!isObject(item)) {
      out.push(clone(item));
      continue;
    }
    const idx = out.findIndex((o) => sameKey(o, item, mergeKey));
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMergePatch(out[idx], item, path);
    else out.push(stripDirectives(item));
  }
  return out;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let doc = clone(target);
  const parentOf = (parts: string[]) => {
    let cur: unknown = doc;
    for (const p of parts.slice(0, -1)) {
      if (Array.isArray(cur)) cur = cur[Number(p)];
      else if (isObject(cur)) cur = cur[p];
      else cur = undefined;
      if (cur === undefined) throw badRequest(`jsonpatch: path ${parts.join('/')} does not exist`);
    }
    return cur as Record<string, unknown> | unknown[];
  };
  const get = (parts: string[]): unknown => {
    let cur: unknown = doc;
    for (const p of parts) {
      if (Array.isArray(cur)) cur = cur[Number(p)];
      else if (isObject(cur)) cur = cur[p];
      else return undefined;
    }
    return cur;
  };
  const remove = (parts: string[]) => {
    const parent = parentOf(parts);
    const last = parts[parts.length - 1];
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else {
      if (!(last in parent))
        throw badRequest(
          `jsonpatch remove operation does not apply: doc is missing key: /${parts.join('/')}`,
        );
      delete parent[last];
    }
  };
  const add = (parts: string[], value: unknown) => {
    if (parts.length === 0) {
      doc = clone(value);
      return;
    }
    const parent = parentOf(parts);
    const last = parts[parts.length - 1];
    if (Array.isArray(parent)) {
      if (last === '-') parent.push(clone(value));
      else parent.splice(Number(last), 0, clone(value));
    } else parent[last] = clone(value);
  };
  for (const raw of ops as JsonPatchOp[]) {
    const parts = pointer(raw.path);
    switch (raw.op) {
      case 'add':
        add(parts, raw.value);
        break;
      case 'remove':
        remove(parts);
        break;
      case 'replace':
        if (get(parts) === undefined) {
          throw badRequest(
            `jsonpatch replace operation does not apply: doc is missing key: ${raw.path}`,
          );
        }
        remove(parts);
        add(parts, raw.value);
        break;
      case 'move': {
        const from = pointer(raw.from ?? '');
        const v = get(from);
        remove(from);
        add(parts, v);
        break;
      }
      case 'copy':
        add(parts, get(pointer(raw.from ?? '')));
        break;
      case 'test':
        if (!deepEqual(get(parts), raw.value))
          throw new ApiError(
            422,
            'Invalid',
            `the server rejected our request due to an error in our request: test operation failed at ${raw.path}`,
          );
        break;
      default:
        throw badRequest(`Unexpected kind: ${raw.op}`);
    }
  }
  return doc;
}
