// Label selectors (the query-string syntax and the LabelSelector object) and field selectors.
import type { KubeObject } from './types.js';

export type Requirement =
  { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | '!' };

export class SelectorError extends Error {}

/** Parses `app=web,tier!=db,env in (a,b),!legacy,release`. */
export function parseLabelSelector(text: string | undefined | null): Requirement[] {
  const out: Requirement[] = [];
  if (!text) return out;
  // Split on commas that are not inside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const values = m[3]
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      out.push({ key: m[1], op: m[2] as 'in' | 'notin', values });
    } else if ((m = p.match(/^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
      out.push({ key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] });
    } else if ((m = p.match(/^!\s*([^\s!=()]+)$/))) {
      out.push({ key: m[1], op: '!' });
    } else if ((m = p.match(/^([^\s!=()]+)$/))) {
      out.push({ key: m[1], op: 'exists' });
    } else {
      throw new SelectorError(`unable to parse requirement: ${JSON.stringify(p)}`);
    }
  }
  return out;
}

export function matchesRequirements(
  labels: Record<string, string> | undefined,
  reqs: Requirement[],
): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case '!':
        return !has;
    }
  });
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Converts a LabelSelector object to requirements. An empty selector matches everything. */
export function selectorRequirements(sel: LabelSelectorObject | undefined): Requirement[] {
  const out: Requirement[] = [];
  if (!sel) return out;
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    out.push({ key, op: 'in', values: [value] });
  }
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In') out.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (op === 'NotIn') out.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (op === 'Exists') out.push({ key: e.key, op: 'exists' });
    else if (op === 'DoesNotExist') out.push({ key: e.key, op: '!' });
  }
  return out;
}

export function matchesSelector(
  labels: Record<string, string> | undefined,
  sel: LabelSelectorObject | undefined,
): boolean {
  return matchesRequirements(labels, selectorRequirements(sel));
}

/** `app=web,pod-template-hash=abc`: the string form, as in Scale.status.selector. */
export function selectorString(sel: LabelSelectorObject | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

export interface FieldRequirement {
  field: string;
  equals: boolean;
  value: string;
}

const FIELDS: Record<string, string[]> = {
  '*': ['metadata.name', 'metadata.namespace'],
  Pod: [
    'status.phase',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
};

export function parseFieldSelector(
  text: string | undefined | null,
  kind: string,
): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  if (!text) return out;
  for (const raw of text.split(',')) {
    const p = raw.trim();
    if (!p) continue;
    const m = p.match(/^([^!=]+)(==|=|!=)(.*)$/);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${p}'`);
    const field = m[1].trim();
    const allowed = [...FIELDS['*'], ...(FIELDS[kind] ?? [])];
    if (!allowed.includes(field)) {
      throw new SelectorError(`field label not supported: ${field}`);
    }
    out.push({ field, equals: m[2] !== '!=', value: m[3].trim() });
  }
  return out;
}

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') {
    const src = (obj as { source?: { component?: string } }).source;
    return src?.component ?? '';
  }
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[part];
    else cur = undefined;
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

export function matchesFields(obj: KubeObject, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === r.equals);
}
