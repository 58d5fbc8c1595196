/**
 * Finds the container images of workload manifests and kustomization `images:` entries in a
 * parsed YAML file and records byte-minimal edits that point them at a new reference.
 */
import { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import { canonicalName, parseImageRef } from '../shared/image-ref.js';
import {
  mapGet,
  position,
  resolveAlias,
  scalarValue,
  type ParsedYaml,
  type YamlEditor,
} from '../shared/yaml-edit.js';

/** One `images` entry: every image whose repository is `name` gets the new tag and/or digest. */
export interface ImageUpdate {
  /** The name as the user wrote it, e.g. `ghcr.io/acme/api`. */
  name: string;
  /** canonicalName of `name`, used for comparison (`nginx` = `docker.io/library/nginx`). */
  canonical: string;
  tag?: string;
  digest?: string;
  /** Set when the new reference names another repository (images move to it). */
  newName?: string;
  /** canonicalName of newName: images already moved there still match (a rerun is a no-op). */
  newCanonical?: string;
  /** The reference as given, for messages and the commit message. */
  ref: string;
}

/** One change made (or that would be made) to a file. */
export interface Change {
  file: string;
  line: number;
  /** What was changed, for people: `Deployment/api container app image`. */
  target: string;
  old: string;
  new: string;
  /** Which request caused it: the image name or the `file:key` of a value. */
  request: string;
}

/** Workload kinds and where their pod spec sits. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
};

export interface ImageScan {
  changes: Change[];
  /** How many places each update matched (already up to date included), by update.name. */
  matched: Map<string, number>;
  /** Every image reference seen in a supported place, for the "matched nothing" error. */
  seen: Set<string>;
}

function isRollout(doc: Document.Parsed, root: unknown): boolean {
  const apiVersion = scalarValue(mapGet(doc, root, 'apiVersion'));
  return typeof apiVersion === 'string' && apiVersion.startsWith('argoproj.io/');
}

function canonicalOf(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const ref = parseImageRef(text);
  return ref ? canonicalName(ref) : undefined;
}

function matches(canonical: string | undefined, update: ImageUpdate): boolean {
  return (
    canonical !== undefined && (canonical === update.canonical || canonical === update.newCanonical)
  );
}

/** The new image string for a container image `current` under `update`, or undefined. */
export function newImageFor(current: string, update: ImageUpdate): string | undefined {
  const ref = parseImageRef(current);
  if (!ref || !matches(canonicalName(ref), update)) return undefined;
  const base = update.newName ?? ref.name;
  return `${base}${update.tag ? `:${update.tag}` : ''}${update.digest ? `@${update.digest}` : ''}`;
}

export function scanImages(
  parsed: ParsedYaml,
  editor: YamlEditor | undefined,
  updates: readonly ImageUpdate[],
  scan: ImageScan,
  fileName: string,
): void {
  for (const doc of parsed.docs) {
    visitObject(doc, doc.contents, false);
  }

  function visitObject(doc: Document.Parsed, root: unknown, inFlow: boolean): void {
    const node = resolveAlias(doc, root);
    if (!isMap(node)) return;
    const flow = inFlow || Boolean(node.flow);
    const kind = scalarValue(mapGet(doc, node, 'kind'));
    if (kind === 'List') {
      const items = mapGet(doc, node, 'items');
      if (isSeq(items))
        for (const item of items.items) visitObject(doc, item, flow || !!items.flow);
      return;
    }
    if (
      kind === 'Kustomization' ||
      (kind === undefined && /^kustomization\.ya?ml$/i.test(fileName))
    ) {
      visitKustomization(doc, node, flow);
      return;
    }
    if (typeof kind !== 'string' || !(kind in POD_SPEC_PATHS)) return;
    if (kind === 'Rollout' && !isRollout(doc, node)) return;
    let spec: unknown = node;
    let specFlow = flow;
    for (const key of POD_SPEC_PATHS[kind]) {
      spec = mapGet(doc, spec, key);
      if (isMap(spec) && spec.flow) specFlow = true;
    }
    if (!isMap(spec)) return;
    const name = scalarValue(mapGet(doc, mapGet(doc, node, 'metadata'), 'name'));
    const owner = `${kind}/${typeof name === 'string' ? name : '?'}`;
    for (const listKey of ['initContainers', 'containers']) {
      const list = mapGet(doc, spec, listKey);
      if (!isSeq(list)) continue;
      const listFlow = specFlow || Boolean(list.flow);
      list.items.forEach((item, index) => {
        const container = resolveAlias(doc, item);
        if (!isMap(container)) return;
        const containerName = scalarValue(mapGet(doc, container, 'name'));
        const image = mapGet(doc, container, 'image');
        if (!isScalar(image) || typeof image.value !== 'string') return;
        scan.seen.add(image.value);
        const label = typeof containerName === 'string' ? containerName : `${listKey}[${index}]`;
        const kindLabel = listKey === 'initContainers' ? 'initContainer' : 'container';
        for (const update of updates) {
          const next = newImageFor(image.value, update);
          if (next === undefined) continue;
          count(update);
          record(
            image,
            next,
            `${owner} ${kindLabel} ${label} image`,
            update.name,
            listFlow || !!container.flow,
          );
        }
      });
    }
  }

  function visitKustomization(doc: Document.Parsed, root: YAMLMap, inFlow: boolean): void {
    const images = mapGet(doc, root, 'images');
    if (!isSeq(images)) return;
    for (const item of images.items) {
      const entry = resolveAlias(doc, item);
      if (!isMap(entry)) continue;
      const flow = inFlow || Boolean(images.flow) || Boolean(entry.flow);
      const name = scalarValue(mapGet(doc, entry, 'name'));
      const newName = scalarValue(mapGet(doc, entry, 'newName'));
      if (typeof name === 'string') scan.seen.add(name);
      if (typeof newName === 'string') scan.seen.add(newName);
      for (const update of updates) {
        const byName = matches(canonicalOf(name), update);
        const byNewName = matches(canonicalOf(newName), update);
        if (!byName && !byNewName) continue;
        count(update);
        const label = `kustomization image ${typeof name === 'string' ? name : '?'}`;
        setKey(doc, entry, 'newName', update.newName, label, update, flow);
        if (update.tag !== undefined) setKey(doc, entry, 'newTag', update.tag, label, update, flow);
        if (update.digest !== undefined) {
          setKey(doc, entry, 'digest', update.digest, label, update, flow);
        } else if (mapGet(doc, entry, 'digest') !== undefined) {
          // A digest wins over newTag in kustomize: a tag-only bump must drop the old digest.
          const old = mapGet(doc, entry, 'digest');
          const line = lineOf(entry.range?.[0] ?? 0);
          if (editor) editor.removePair(doc, entry, 'digest');
          scan.changes.push({
            file: parsed.path,
            line,
            target: `${label} digest`,
            old: String(scalarValue(old) ?? ''),
            new: '(removed)',
            request: update.name,
          });
        }
      }
    }
  }

  function setKey(
    doc: Document.Parsed,
    entry: YAMLMap,
    key: string,
    value: string | undefined,
    label: string,
    update: ImageUpdate,
    flow: boolean,
  ): void {
    if (value === undefined) return;
    const node = mapGet(doc, entry, key);
    if (isScalar(node)) {
      record(node, value, `${label} ${key}`, update.name, flow);
      return;
    }
    if (node !== undefined) return;
    if (editor) editor.addPair(entry, key, value);
    scan.changes.push({
      file: parsed.path,
      line: lineOf(entry.range?.[0] ?? 0),
      target: `${label} ${key}`,
      old: '(none)',
      new: value,
      request: update.name,
    });
  }

  function record(node: Scalar, value: string, target: string, request: string, inFlow: boolean) {
    const old = node.value;
    if (old === value) return;
    if (editor) editor.setScalar(node, { kind: 'string', value }, inFlow);
    scan.changes.push({
      file: parsed.path,
      line: lineOf(node.range?.[0] ?? 0),
      target,
      old: String(old),
      new: value,
      request,
    });
  }

  function count(update: ImageUpdate): void {
    scan.matched.set(update.name, (scan.matched.get(update.name) ?? 0) + 1);
  }

  function lineOf(offset: number): number {
    return position(parsed, offset).line;
  }
}
