#!/usr/bin/env node
// Regenerates each action's inputs/outputs tables in README.md (and in docs/*.md pages that carry
// markers) from its action.yml, and the inputs/secrets/outputs tables of the reusable workflows
// (.github/workflows/*.yml with `on: workflow_call`).
//   node scripts/action-docs.js          rewrite the stale tables
//   node scripts/action-docs.js --check  exit 1 (and say which) when a table is stale
// Each action's tables live between `<!-- action-docs:start PATH -->` and
// `<!-- action-docs:end PATH -->`. In README.md an action without markers gets a new section at
// the end; docs pages only get the tables they already mark. Prose outside the markers is never
// touched.
//
// The root action.yml (the marketplace entry) and deploy/action.yml are one pipeline under two
// `uses:` paths with the same interface: they are documented by one section, marked with
// deploy/action.yml, whose `uses:` line names both. Markers of the root file are removed, and the
// generator refuses to run when the two interfaces differ (the README would be wrong for one).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { actionFiles, readAction, root, workflowFiles } from './action-metadata.js';

/** Files documented under another action's section: alias → the file whose section covers it. */
export const ALIASES = { 'action.yml': 'deploy/action.yml' };

/** Markdown table cell: one line, pipes escaped. */
function cell(value) {
  return String(value ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** A default value for a table cell: code; a multi-line one keeps its lines and indentation. */
function defaultCell(value) {
  if (value === undefined || value === '') return '';
  const text = String(value).replace(/\n+$/, '');
  if (!text.includes('\n')) return `\`${cell(text)}\``;
  const html = text
    .split('\n')
    .map((line) =>
      line
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|')
        .replace(/^ +/, (spaces) => '&nbsp;'.repeat(spaces.length)),
    )
    .join('<br>');
  return `<code>${html}</code>`;
}

function usesPath(file) {
  const dir = dirname(file);
  return dir === '.' ? 'org/oasis-actions@v1' : `org/oasis-actions/${dir}@v1`;
}

/**
 * The tables of one action. `aliases` are other action.yml files with the same interface, named
 * in the `uses:` line (deploy/action.yml: also the root action.yml).
 */
export function renderAction(file, data, aliases = []) {
  const lines = [];
  const uses = [file, ...aliases].map((name) => `\`uses: ${usesPath(name)}\``).join(' or ');
  const same = aliases.length
    ? `; ${aliases.map((name) => `\`${name}\``).join(', ')} has the same interface`
    : '';
  lines.push(
    `${uses} (generated from \`${file}\` by \`npm run docs\`${same}; do not edit by hand)`,
  );
  lines.push('');
  const inputs = Object.entries(data.inputs ?? {});
  if (inputs.length > 0) {
    lines.push('| Input | Required | Default | Description |', '|---|---|---|---|');
    for (const [name, input] of inputs) {
      lines.push(
        `| \`${name}\` | ${input?.required ? 'yes' : 'no'} | ${defaultCell(input?.default)} | ${cell(input?.description)} |`,
      );
    }
  } else {
    lines.push('No inputs.');
  }
  lines.push('');
  const outputs = Object.entries(data.outputs ?? {});
  if (outputs.length > 0) {
    lines.push('| Output | Description |', '|---|---|');
    for (const [name, output] of outputs)
      lines.push(`| \`${name}\` | ${cell(output?.description)} |`);
  } else {
    lines.push('No outputs.');
  }
  return lines.join('\n');
}

/** The call, inputs, secrets and outputs of a reusable workflow (`on: workflow_call`). */
export function renderWorkflow(file, data) {
  const call = workflowCall(data) ?? {};
  const lines = [
    `\`uses: org/oasis-actions/${file}@v1\` in a job (generated from \`${file}\` by \`npm run docs\`; do not edit by hand)`,
    '',
  ];
  const inputs = Object.entries(call.inputs ?? {});
  if (inputs.length > 0) {
    lines.push('| Input | Type | Required | Default | Description |', '|---|---|---|---|---|');
    for (const [name, input] of inputs) {
      lines.push(
        `| \`${name}\` | ${cell(input?.type)} | ${input?.required ? 'yes' : 'no'} | ${defaultCell(input?.default)} | ${cell(input?.description)} |`,
      );
    }
  } else {
    lines.push('No inputs.');
  }
  lines.push('');
  const secrets = Object.entries(call.secrets ?? {});
  if (secrets.length > 0) {
    lines.push('| Secret | Required | Description |', '|---|---|---|');
    for (const [name, secret] of secrets) {
      lines.push(
        `| \`${name}\` | ${secret?.required ? 'yes' : 'no'} | ${cell(secret?.description)} |`,
      );
    }
  } else {
    lines.push('No secrets.');
  }
  lines.push('');
  const outputs = Object.entries(call.outputs ?? {});
  if (outputs.length > 0) {
    lines.push('| Output | Description |', '|---|---|');
    for (const [name, output] of outputs)
      lines.push(`| \`${name}\` | ${cell(output?.description)} |`);
  } else {
    lines.push('No outputs.');
  }
  return lines.join('\n');
}

/** The `on.workflow_call` mapping of a workflow, or undefined when it is not reusable. */
function workflowCall(data) {
  const on = data?.on ?? data?.true; // YAML 1.1 readers turn a bare `on` key into true
  if (!on || typeof on !== 'object' || Array.isArray(on) || !('workflow_call' in on)) {
    return undefined;
  }
  return on.workflow_call ?? {};
}

/** Sections for the reusable workflows (`on: workflow_call`) among `files`. */
export function documentedWorkflows(files, load = readAction) {
  const sections = [];
  for (const file of files) {
    const data = load(file).data;
    if (!workflowCall(data)) continue;
    sections.push({
      file,
      title: `Reusable workflow \`${file}\``,
      render: () => renderWorkflow(file, data),
    });
  }
  return sections;
}

/** Names of the inputs and outputs whose definitions differ between two action.yml files. */
export function interfaceDifferences(a, b) {
  const differences = [];
  for (const kind of ['inputs', 'outputs']) {
    const left = a[kind] ?? {};
    const right = b[kind] ?? {};
    for (const name of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (JSON.stringify(left[name] ?? null) !== JSON.stringify(right[name] ?? null)) {
        differences.push(`${kind.slice(0, -1)} '${name}'`);
      }
    }
  }
  return differences;
}

/**
 * The sections to write: one per action.yml, the aliases folded into the file that documents
 * them. Throws when an alias's interface differs from its documented twin.
 */
export function documentedActions(files, load = readAction) {
  const sections = [];
  for (const file of files) {
    const twin = ALIASES[file];
    if (twin && files.includes(twin)) continue;
    const data = load(file).data;
    const aliases = Object.keys(ALIASES).filter(
      (alias) => ALIASES[alias] === file && files.includes(alias),
    );
    for (const alias of aliases) {
      const differences = interfaceDifferences(load(alias).data, data);
      if (differences.length > 0) {
        throw new Error(
          `${alias} and ${file} must declare the same interface (one README section documents ` +
            `both), but differ in ${differences.join(', ')}; make them identical`,
        );
      }
    }
    sections.push({
      file,
      title: data.name ? String(data.name) : file,
      description: data.description ? String(data.description).trim() : '',
      render: () => renderAction(file, data, aliases),
    });
  }
  return sections;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ANY_BLOCK = /<!-- action-docs:start (\S+) -->[\s\S]*?<!-- action-docs:end \1 -->\n?/g;

/** Paths of the marked tables in a text. */
export function markedFiles(text) {
  return [...text.matchAll(ANY_BLOCK)].map((match) => match[1]);
}

/**
 * The text with every marked table regenerated. `append`: add a section at the end for an
 * action that has no markers yet (README.md). Tables of files that are not documented on their
 * own (an alias, a removed action) are dropped.
 */
export function updateText(text, sections, { append = true } = {}) {
  const keep = new Set(sections.map((section) => section.file));
  let result = text.replace(ANY_BLOCK, (block, file) => (keep.has(file) ? block : ''));
  for (const { file, title, description, render } of sections) {
    const start = `<!-- action-docs:start ${file} -->`;
    const end = `<!-- action-docs:end ${file} -->`;
    const block = `${start}\n${render()}\n${end}`;
    const pattern = new RegExp(`${escape(start)}[\\s\\S]*?${escape(end)}`);
    if (pattern.test(result)) {
      result = result.replace(pattern, () => block);
    } else if (append) {
      const intro = description ? `\n${description}\n` : '';
      result = `${result.replace(/\n*$/, '\n')}\n## ${title}\n${intro}\n${block}\n`;
    }
  }
  return result;
}

/** README.md with its action tables regenerated (the entry point the tests use). */
export function updateReadme(readme, files, load = readAction) {
  return updateText(readme, documentedActions(files, load));
}

/** What is stale in a text, for --check: one line per table. */
export function staleTables(before, after) {
  const afterFiles = new Set(markedFiles(after));
  const stale = [];
  for (const file of markedFiles(before)) {
    if (!afterFiles.has(file)) stale.push(`${file} (not documented on its own; remove its table)`);
  }
  for (const file of afterFiles) {
    const pattern = new RegExp(
      `<!-- action-docs:start ${escape(file)} -->[\\s\\S]*?<!-- action-docs:end ${escape(file)} -->`,
    );
    const now = pattern.exec(after)?.[0];
    const was = pattern.exec(before)?.[0];
    if (now !== was) stale.push(was ? `${file} (out of date)` : `${file} (missing)`);
  }
  return stale;
}

/** README.md, then every docs/*.md page that marks an action's tables. */
function targets() {
  const list = [{ path: 'README.md', append: true }];
  const docs = join(root, 'docs');
  if (existsSync(docs)) {
    for (const name of readdirSync(docs).sort()) {
      if (!name.endsWith('.md')) continue;
      const path = `docs/${name}`;
      if (markedFiles(readFileSync(join(root, path), 'utf8')).length > 0) {
        list.push({ path, append: false });
      }
    }
  }
  return list;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let sections;
  try {
    sections = [...documentedActions(actionFiles()), ...documentedWorkflows(workflowFiles())];
  } catch (error) {
    console.error(`action-docs: ${error.message}`);
    process.exit(1);
  }
  let failed = false;
  for (const { path, append } of targets()) {
    const full = join(root, path);
    const before = existsSync(full) ? readFileSync(full, 'utf8') : '# oasis-actions\n';
    const after = updateText(before, sections, { append });
    if (after === before) {
      console.log(`${path} is up to date (${markedFiles(after).length} action tables)`);
    } else if (check) {
      failed = true;
      console.error(
        `${path} is stale for: ${staleTables(before, after).join(', ') || 'its action tables'}.\n` +
          `Run \`npm run docs\` and commit ${path}.`,
      );
    } else {
      writeFileSync(full, after);
      console.log(`${path} updated (${markedFiles(after).length} action tables)`);
    }
  }
  if (failed) process.exit(1);
}
