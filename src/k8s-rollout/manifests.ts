/**
 * Reads manifests: multi-document YAML (and JSON), `kind: List` expanded, each document
 * remembering its file and line for error messages; image substitution before apply.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { UserError, errorMessage, quote } from '../shared/errors.js';
import { canonicalName, parseImageRef } from '../shared/image-ref.js';
import type { KubeObject } from './kube-client.js';
import type { ImageSubstitution } from './inputs.js';

/**
 * A problem at a place in a manifest file: the message starts with `file:line:`, and the action
 * annotates that line.
 */
export class ManifestError extends UserError {
  readonly file: string;
  readonly line?: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const match = /^([^\s:]+?)(?::(\d+))?:\s/.exec(message);
    this.file = match?.[1] ?? '';
    this.line = match?.[2] ? Number(match[2]) : undefined;
  }
}

export interface Manifest {
  object: KubeObject;
  /** `k8s/app.yaml:12`, for messages. */
  source: string;
}

/** Line numbers (1-based) of the first content line of each YAML document of the text. */
function documentStarts(text: string): number[] {
  const starts: number[] = [];
  let current: number | undefined;
  let separatorLine = 1;
  let open = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^---(\s|$)/.test(line)) {
      if (open || starts.length > 0 || current !== undefined) starts.push(current ?? separatorLine);
      current = undefined;
      separatorLine = index + 1;
      open = false;
    } else if (line.trim() !== '' && !line.trim().startsWith('#')) {
      current ??= index + 1;
      open = true;
    }
  });
  starts.push(current ?? separatorLine);
  return starts;
}

/** Parses one file's text; `name` is how the file is shown in messages. */
export async function parseManifests(text: string, name: string): Promise<Manifest[]> {
  const yaml = await import('js-yaml');
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text, undefined, { filename: name });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? errorMessage(error).split('\n')[0];
    const line = mark?.line !== undefined ? mark.line + 1 : undefined;
    throw new ManifestError(`${name}${line ? `:${line}` : ''}: invalid YAML: ${reason}`);
  }
  const starts = documentStarts(text);
  const result: Manifest[] = [];
  documents.forEach((document, index) => {
    const line = starts[index] ?? starts[starts.length - 1] ?? 1;
    const source = `${name}:${line}`;
    if (document === null || document === undefined) return;
    if (typeof document !== 'object' || Array.isArray(document)) {
      throw new ManifestError(
        `${source}: a manifest must be a mapping with apiVersion, kind and metadata`,
      );
    }
    const object = document as KubeObject;
    if (object.kind === 'List' && Array.isArray((object as { items?: unknown }).items)) {
      for (const item of (object as unknown as { items: KubeObject[] }).items) {
        result.push({ object: validate(item, source), source });
      }
      return;
    }
    result.push({ object: validate(object, source), source });
  });
  return result;
}

function validate(object: KubeObject, source: string): KubeObject {
  const missing = ['apiVersion', 'kind'].filter(
    (field) => typeof object?.[field] !== 'string' || object[field] === '',
  );
  if (typeof object?.metadata?.name !== 'string' || object.metadata.name === '') {
    missing.push('metadata.name');
  }
  if (missing.length > 0) {
    throw new ManifestError(`${source}: the manifest has no ${missing.join(', ')}`);
  }
  return object;
}

/** Reads and parses every file; messages show paths relative to the workspace. */
export async function loadManifests(
  files: readonly string[],
  workspace: string,
): Promise<Manifest[]> {
  const all: Manifest[] = [];
  for (const file of files) {
    const shown = relative(workspace, file) || file;
    const text = readFileSync(file, 'utf8');
    all.push(...(await parseManifests(text, shown.startsWith('..') ? file : shown)));
  }
  if (all.length === 0) {
    throw new UserError(
      `input 'manifests': the files (${files.join(', ')}) contain no Kubernetes objects`,
    );
  }
  const seen = new Map<string, string>();
  for (const manifest of all) {
    const { kind, metadata } = manifest.object;
    const key = `${kind}/${metadata.namespace ?? ''}/${metadata.name}`;
    const first = seen.get(key);
    if (first) {
      throw new ManifestError(
        `${manifest.source}: ${kind}/${metadata.name} is also defined at ${first}; each object once`,
      );
    }
    seen.set(key, manifest.source);
  }
  return all;
}

/** Pod specs inside an object: Pod, workloads, Job, CronJob, Argo Rollout. */
export function podSpecsOf(
  object: KubeObject,
): { containers?: Container[]; initContainers?: Container[] }[] {
  const spec = object.spec;
  if (!spec || typeof spec !== 'object') return [];
  if (object.kind === 'Pod') return [spec];
  if (object.kind === 'CronJob')
    return spec.jobTemplate?.spec?.template?.spec ? [spec.jobTemplate.spec.template.spec] : [];
  return spec.template?.spec ? [spec.template.spec] : [];
}

export interface Container {
  name: string;
  image?: string;
  [key: string]: unknown;
}

export function containersOf(object: KubeObject): Container[] {
  return podSpecsOf(object).flatMap((pod) => [
    ...(pod.initContainers ?? []),
    ...(pod.containers ?? []),
  ]);
}

export interface SubstitutionReport {
  /** `Deployment/api container app: old → new`. */
  changes: string[];
}

/**
 * Replaces the image of every container whose image NAME (registry/repository, tag and digest
 * ignored) is one of the substitutions. A substitution that matches nothing is an error: it is
 * almost always a typo, and deploying the old image silently is the worst outcome.
 */
export function substituteImages(
  manifests: Manifest[],
  substitutions: readonly ImageSubstitution[],
): SubstitutionReport {
  const changes: string[] = [];
  const used = new Set<string>();
  const wanted = substitutions.map((sub) => ({
    ...sub,
    canonical: canonicalName(parseImageRef(sub.name)!),
  }));
  for (const { object } of manifests) {
    for (const container of containersOf(object)) {
      if (typeof container.image !== 'string') continue;
      const ref = parseImageRef(container.image);
      if (!ref) continue;
      const match = wanted.find((sub) => sub.canonical === canonicalName(ref));
      if (!match) continue;
      used.add(match.name);
      if (container.image !== match.ref) {
        changes.push(
          `${object.kind}/${object.metadata.name} container ${container.name}: ${container.image} → ${match.ref}`,
        );
        container.image = match.ref;
      }
    }
  }
  const unused = substitutions.filter((sub) => !used.has(sub.name));
  if (unused.length > 0) {
    const images = [
      ...new Set(manifests.flatMap(({ object }) => containersOf(object).map((c) => c.image ?? ''))),
    ].filter(Boolean);
    throw new UserError(
      `input 'images': ${unused.map((sub) => quote(sub.name)).join(', ')} matched no container image in the manifests` +
        ` (images there: ${images.join(', ') || 'none'}); write the image name as in the manifests, without tag`,
    );
  }
  return { changes };
}
