// Reads the repository's action.yml files: the shared helper of action-docs.js and
// validate-actions.js (plain Node, no build step).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';

export const root = new URL('..', import.meta.url).pathname;

/** Every action metadata file: actions/<step>/action.yml, then action.yml and deploy/action.yml when present. */
export function actionFiles(dir = root) {
  const files = [];
  const actionsDir = join(dir, 'actions');
  if (existsSync(actionsDir)) {
    for (const entry of readdirSync(actionsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const name of ['action.yml', 'action.yaml']) {
        if (existsSync(join(actionsDir, entry.name, name)))
          files.push(`actions/${entry.name}/${name}`);
      }
    }
  }
  files.sort();
  for (const extra of ['action.yml', 'deploy/action.yml']) {
    if (existsSync(join(dir, extra))) files.push(extra);
  }
  return files;
}

export function readAction(file, dir = root) {
  const text = readFileSync(join(dir, file), 'utf8');
  return { text, data: yaml.load(text) ?? {} };
}

export function workflowFiles(base = root) {
  const dir = join(base, '.github', 'workflows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `.github/workflows/${name}`);
}
