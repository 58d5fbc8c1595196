/**
 * Files of the checkout: listing YAML files by glob, and resolving a named file so that it can
 * never lead outside the checkout (`..`, absolute paths and symlinks that escape are refused).
 */
import { promises as fs, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { UserError } from '../shared/errors.js';

/** Compile a glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.trim().replace(/^\.\//, '');
  if (pattern.endsWith('/')) pattern += '**';
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashBefore = i === 0 || pattern[i - 1] === '/';
        const slashAfter = pattern[i + 2] === '/';
        if (slashBefore && slashAfter) {
          out += '(?:[^/]+/)*';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export interface FileFilter {
  include: RegExp[];
  exclude: RegExp[];
}

/** Globs as given in `files` (a leading `!` excludes); default every YAML file. */
export function fileFilter(globs: readonly string[]): FileFilter {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) exclude.push(globToRegExp(glob.slice(1)));
    else include.push(globToRegExp(glob));
  }
  if (include.length === 0) include.push(globToRegExp('**'));
  return { include, exclude };
}

const YAML_FILE = /\.ya?ml$/i;

export interface ListedFile {
  /** Path relative to the checkout, `/`-separated. */
  path: string;
  absolute: string;
  size: number;
}

export interface Listing {
  files: ListedFile[];
  /** Things passed over, with the reason (symlinks escaping the checkout, huge files). */
  skipped: string[];
}

/**
 * Every `.yaml`/`.yml` file of the checkout that matches the filter. `.git` is never entered,
 * symlinked directories are not followed, and a symlinked file counts only when its target is
 * inside the checkout.
 */
export async function listYamlFiles(
  root: string,
  filter: FileFilter,
  maxFileSize: number,
): Promise<Listing> {
  const realRoot = await fs.realpath(root);
  const files: ListedFile[] = [];
  const skipped: string[] = [];
  // Synchronous on purpose: for thousands of small entries it is several times faster than
  // promises (no thread-pool round trip per call), and nothing else runs meanwhile.
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const absolute = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(absolute, path);
        continue;
      }
      if (!YAML_FILE.test(entry.name)) continue;
      if (!filter.include.some((re) => re.test(path))) continue;
      if (filter.exclude.some((re) => re.test(path))) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      let target = absolute;
      if (entry.isSymbolicLink()) {
        try {
          target = realpathSync(absolute);
        } catch {
          skipped.push(`${path}: a broken symlink`);
          continue;
        }
        if (!isInside(realRoot, target)) {
          skipped.push(`${path}: a symlink to outside the checkout`);
          continue;
        }
      }
      const stat = statSync(target);
      if (!stat.isFile()) continue;
      if (stat.size > maxFileSize) {
        skipped.push(`${path}: ${stat.size} bytes, over the limit of ${maxFileSize}`);
        continue;
      }
      files.push({ path, absolute: target, size: stat.size });
    }
  };
  walk(realRoot, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  skipped.sort();
  return { files, skipped };
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolve a file named in an input to its real path inside the checkout, or throw a UserError.
 * `what` names the request for the message (e.g. `set 'values.yaml:image.tag'`).
 */
export async function resolveInCheckout(
  root: string,
  file: string,
  what: string,
  maxFileSize: number,
): Promise<ListedFile> {
  if (isAbsolute(file) || file.includes('\0')) {
    throw new UserError(`${what}: '${file}' must be a path relative to the checkout`);
  }
  const normal = posix.normalize(file.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) {
    throw new UserError(`${what}: '${file}' leads outside the checkout; '..' is not allowed`);
  }
  if (normal.split('/').includes('.git')) {
    throw new UserError(`${what}: '${file}' is inside .git; refused`);
  }
  const realRoot = await fs.realpath(root);
  const candidate = resolve(realRoot, normal);
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    throw new UserError(`${what}: '${file}' does not exist in the checkout`);
  }
  if (!isInside(realRoot, real)) {
    throw new UserError(`${what}: '${file}' is a symlink leading outside the checkout; refused`);
  }
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new UserError(`${what}: '${file}' is not a file`);
  if (stat.size > maxFileSize) {
    throw new UserError(
      `${what}: '${file}' is ${stat.size} bytes, over the limit of ${maxFileSize}; refused`,
    );
  }
  return { path: normal, absolute: real, size: stat.size };
}
