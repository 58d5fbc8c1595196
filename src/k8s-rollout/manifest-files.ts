/**
 * Expands the `manifests` input (files, directories, globs) into a sorted list of files.
 * Directories contribute their *.yaml, *.yml and *.json files (not recursively, as `kubectl -f`);
 * globs support `*`, `?`, `**` and `{a,b}`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError, quote } from '../shared/errors.js';

const MANIFEST = /\.(ya?ml|json)$/i;

export function isGlob(pattern: string): boolean {
  return /[*?{[]/.test(pattern);
}

/** A glob as a regular expression over '/'-separated relative paths. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) {
        out += '\\{';
        continue;
      }
      const options = pattern.slice(i + 1, end).split(',');
      out += `(?:${options.map((option) => option.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
      i = end;
    } else {
      out += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

function walk(root: string, dir: string, found: string[]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(root, full, found);
    else if (entry.isFile()) found.push(relative(root, full).split(sep).join('/'));
  }
}

/** Resolves the inputs to files; throws a UserError naming every entry that matched nothing. */
export function findManifestFiles(entries: readonly string[], workspace: string): string[] {
  const files = new Set<string>();
  const missing: string[] = [];
  let tree: string[] | undefined;
  for (const entry of entries) {
    const full = isAbsolute(entry) ? entry : resolve(workspace, entry);
    if (!isGlob(entry)) {
      if (!existsSync(full)) {
        missing.push(entry);
        continue;
      }
      if (statSync(full).isDirectory()) {
        const inside = readdirSync(full, { withFileTypes: true })
          .filter((item) => item.isFile() && MANIFEST.test(item.name))
          .map((item) => join(full, item.name));
        if (inside.length === 0)
          missing.push(`${entry} (a directory without .yaml/.yml/.json files)`);
        inside.sort().forEach((file) => files.add(file));
      } else {
        files.add(full);
      }
      continue;
    }
    let matched: string[];
    if (isAbsolute(entry)) {
      const base = entry.slice(0, entry.search(/[*?{[]/)).replace(/[^/]*$/, '') || '/';
      const found: string[] = [];
      if (existsSync(base)) walk(base, base, found);
      const regex = globToRegExp(relative(base, entry).split(sep).join('/'));
      matched = found.filter((file) => regex.test(file)).map((file) => join(base, file));
    } else {
      if (!tree) {
        tree = [];
        walk(workspace, workspace, tree);
      }
      const regex = globToRegExp(entry.replace(/^\.\//, ''));
      matched = tree.filter((file) => regex.test(file)).map((file) => join(workspace, file));
    }
    matched = matched.filter((file) => MANIFEST.test(file));
    if (matched.length === 0) missing.push(entry);
    matched.sort().forEach((file) => files.add(file));
  }
  if (missing.length > 0) {
    throw new UserError(
      `input 'manifests': no manifest found for ${missing.map((entry) => quote(entry)).join(', ')} ` +
        `(looked in ${workspace}); list existing files, directories or globs such as k8s/*.yaml`,
    );
  }
  return [...files];
}
