import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Evaluated } from './policy.js';

export interface Annotation {
  level: 'error' | 'warning';
  message: string;
  title: string;
  /** Path relative to the workspace, as GitHub wants it. */
  file: string;
  startLine?: number;
}

/** GitHub shows at most 10 annotations of a level per step; one per file keeps them readable. */
export const MAX_ANNOTATIONS = 10;

/**
 * One annotation per manifest/lock file holding findings that fail the gate, on the line that
 * names the first such package (or the line the scanner gave for misconfigurations and secrets).
 */
export async function fileAnnotations(
  evaluated: readonly Evaluated[],
  scanRoot: string,
  workspace: string,
): Promise<Annotation[]> {
  const byFile = new Map<string, Evaluated[]>();
  for (const e of evaluated) {
    if (e.disposition !== 'failing' || !e.finding.file) continue;
    const bucket = byFile.get(e.finding.file);
    if (bucket) bucket.push(e);
    else byFile.set(e.finding.file, [e]);
  }
  const annotations: Annotation[] = [];
  for (const [file, entries] of [...byFile.entries()].slice(0, MAX_ANNOTATIONS)) {
    const absolute = isAbsolute(file) ? file : join(scanRoot, file);
    const repoPath = relative(workspace, absolute);
    if (repoPath.startsWith('..')) continue;
    const first = entries[0].finding;
    let line = first.line;
    if (line === undefined && first.pkg) line = await lineNaming(absolute, first.pkg);
    const ids = entries
      .slice(0, 5)
      .map(({ finding: f }) =>
        f.pkg
          ? `${f.id} (${f.severity}) in ${f.pkg} ${f.installedVersion ?? ''}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ''}`
          : `${f.id} (${f.severity}) ${f.title ?? ''}`.trim(),
      );
    const more = entries.length > ids.length ? `\n… and ${entries.length - ids.length} more` : '';
    annotations.push({
      level: 'error',
      title: `${entries.length} finding${entries.length === 1 ? '' : 's'} fail the scan gate`,
      message: `${ids.join('\n')}${more}`,
      file: repoPath,
      startLine: line,
    });
  }
  return annotations;
}

async function lineNaming(path: string, pkg: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const exact = new RegExp(
    `(^|[^A-Za-z0-9_.-])${pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_-]|$)`,
  );
  const index = lines.findIndex((l) => exact.test(l));
  return index >= 0 ? index + 1 : undefined;
}
