/**
 * Works out every edit the requests make to a checkout (without git): which files change, how,
 * and what each change was. Applied from scratch on each fresh tip by the push loop.
 */
import { promises as fs, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { UserError } from '../shared/errors.js';
import { parseYaml, YamlEditor, type ParsedYaml } from '../shared/yaml-edit.js';
import { fileFilter, listYamlFiles, resolveInCheckout, type ListedFile } from './checkout-files.js';
import { scanImages, type Change, type ImageScan, type ImageUpdate } from './image-edits.js';
import { applyValueUpdate, describeValueUpdate, type ValueUpdate } from './value-edits.js';

export interface EditSpec {
  images: ImageUpdate[];
  values: ValueUpdate[];
  /** Globs limiting where images are looked for (`!` excludes); empty = the whole checkout. */
  files: string[];
  /** Files bigger than this are refused (bytes). */
  maxFileSize: number;
  /** Aliases may expand to at most this many nodes per document (alias bombs are refused). */
  maxExpandedNodes: number;
}

export interface FileEdit {
  path: string;
  absolute: string;
  before: string;
  after: string;
}

export interface EditPlan {
  files: FileEdit[];
  changes: Change[];
  /** Places each image request matched (up to date ones included). */
  matched: Record<string, number>;
  skipped: string[];
}

/** The last path component of an image repository: a file without it cannot mention the image. */
function needle(update: ImageUpdate): string {
  const parts = update.canonical.split('/');
  return parts[parts.length - 1];
}

function looksTemplated(text: string): boolean {
  return text.includes('{{');
}

export async function planEdits(root: string, spec: EditSpec): Promise<EditPlan> {
  const changes: Change[] = [];
  const edits = new Map<string, { file: ListedFile; text: string; editor?: YamlEditor }>();
  const parsedCache = new Map<string, ParsedYaml>();
  const skipped: string[] = [];

  const load = async (file: ListedFile) => {
    let entry = edits.get(file.path);
    if (!entry) {
      const text = await fs.readFile(file.absolute, 'utf8');
      entry = { file, text };
      edits.set(file.path, entry);
    }
    return entry;
  };
  const parse = (entry: { file: ListedFile; text: string }): ParsedYaml => {
    let parsed = parsedCache.get(entry.file.path);
    if (!parsed) {
      parsed = parseYaml(entry.text, entry.file.path, { maxExpandedNodes: spec.maxExpandedNodes });
      parsedCache.set(entry.file.path, parsed);
    }
    return parsed;
  };
  const editorFor = (entry: { file: ListedFile; text: string; editor?: YamlEditor }) => {
    entry.editor ??= new YamlEditor(parse(entry));
    return entry.editor;
  };

  const scan: ImageScan = { changes, matched: new Map(), seen: new Set() };
  const valueFiles = new Set(spec.values.map((value) => posix.normalize(value.file)));
  let listing: ListedFile[] = [];
  if (spec.images.length > 0) {
    const listed = await listYamlFiles(root, fileFilter(spec.files), spec.maxFileSize);
    listing = listed.files;
    skipped.push(...listed.skipped);
    const needles = spec.images.map(needle);
    // Synchronous reads: thousands of small files go faster without the thread-pool hops.
    const candidates = listing.map((file) => {
      const text = readFileSync(file.absolute, 'utf8');
      return needles.some((n) => text.includes(n)) ? { file, text } : undefined;
    });
    for (const candidate of candidates) {
      if (!candidate) continue;
      let parsed: ParsedYaml;
      try {
        parsed = parse(candidate);
      } catch (error) {
        // A Helm/Go template is not YAML until rendered: pass it over, say so. Anything else
        // that does not parse is an error (file:line), and nothing gets committed.
        if (!looksTemplated(candidate.text)) throw error;
        skipped.push(`${candidate.file.path}: a template ({{ … }}), not plain YAML`);
        continue;
      }
      edits.set(candidate.file.path, candidate);
      const entry = edits.get(candidate.file.path)!;
      entry.editor = new YamlEditor(parsed);
      scanImages(parsed, entry.editor, spec.images, scan, baseName(entry.file.path));
      if (!valueFiles.has(entry.file.path)) {
        // Only the text and the collected edits are needed from here on: let the tree go
        // (thousands of parsed files held at once cost more in GC than they are worth).
        parsed.docs = [];
        parsedCache.delete(entry.file.path);
        if (!entry.editor.changed) edits.delete(entry.file.path);
      }
    }
    const unmatched = spec.images.filter((update) => !scan.matched.get(update.name));
    if (unmatched.length > 0) {
      throw new UserError(await unmatchedMessage(unmatched, listing, spec));
    }
  }

  for (const update of spec.values) {
    const file = await resolveInCheckout(
      root,
      update.file,
      `${update.input} '${describeValueUpdate(update)}'`,
      spec.maxFileSize,
    );
    const entry = await load(file);
    applyValueUpdate(parse(entry), editorFor(entry), update, changes);
  }

  const files: FileEdit[] = [];
  for (const entry of edits.values()) {
    if (!entry.editor?.changed) continue;
    const after = entry.editor.result();
    if (after === entry.text) continue;
    // Scalar swaps are rendered safe by construction; added/removed lines get re-parsed.
    if (entry.editor.structural) verify(entry.file.path, after, spec);
    files.push({ path: entry.file.path, absolute: entry.file.absolute, before: entry.text, after });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, changes, matched: Object.fromEntries(scan.matched), skipped };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The edited text must parse; a broken edit is a bug, never something to commit. */
function verify(path: string, after: string, spec: EditSpec): void {
  try {
    parseYaml(after, path, { maxExpandedNodes: spec.maxExpandedNodes });
  } catch (error) {
    throw new Error(`internal error: the edit of ${path} would not parse: ${String(error)}`);
  }
}

async function unmatchedMessage(
  unmatched: ImageUpdate[],
  listing: ListedFile[],
  spec: EditSpec,
): Promise<string> {
  const seen = new Set<string>();
  const scan: ImageScan = { changes: [], matched: new Map(), seen };
  for (const file of listing) {
    const text = await fs.readFile(file.absolute, 'utf8');
    try {
      const parsed = parseYaml(text, file.path, { maxExpandedNodes: spec.maxExpandedNodes });
      scanImages(parsed, undefined, [], scan, baseName(file.path));
    } catch {
      // a broken file unrelated to the request is not this error's subject
    }
  }
  const names = unmatched.map((u) => `'${u.name}'`).join(', ');
  const list = [...seen].sort();
  const shown = list.slice(0, 50).join(', ');
  const where = spec.files.length > 0 ? ` (files: ${spec.files.join(', ')})` : '';
  return (
    `images: ${names} matched no container, initContainer or kustomization image in ${listing.length} YAML files${where}. ` +
    (list.length > 0
      ? `Images seen: ${shown}${list.length > 50 ? ` … and ${list.length - 50} more` : ''}`
      : 'No images were seen at all; check `files` and `path`.')
  );
}

/** Write the planned files (through the real paths checked to be inside the checkout). */
export async function writeEdits(plan: EditPlan): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < plan.files.length) {
      const file = plan.files[next++];
      await fs.writeFile(file.absolute, file.after, 'utf8');
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, plan.files.length) }, worker));
}
