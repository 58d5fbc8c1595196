#!/usr/bin/env node
// Regenerates each action's inputs/outputs tables in README.md from its action.yml.
//   node scripts/action-docs.js          rewrite README.md
//   node scripts/action-docs.js --check  exit 1 (and say which) when README.md is stale
// Each action's tables live between `<!-- action-docs:start PATH -->` and
// `<!-- action-docs:end PATH -->`; an action without markers gets a new section at the end.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { actionFiles, readAction, root } from './action-metadata.js';

const README = join(root, 'README.md');

/** Markdown table cell: one line, pipes escaped. */
function cell(value) {
  return String(value ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function usesLine(file) {
  const dir = dirname(file);
  return dir === '.' ? 'org/oasis-actions@v1' : `org/oasis-actions/${dir}@v1`;
}

export function renderAction(file, data) {
  const lines = [];
  lines.push(
    `\`uses: ${usesLine(file)}\` (generated from \`${file}\` by \`npm run docs\`; do not edit by hand)`,
  );
  lines.push('');
  const inputs = Object.entries(data.inputs ?? {});
  if (inputs.length > 0) {
    lines.push('| Input | Required | Default | Description |', '|---|---|---|---|');
    for (const [name, input] of inputs) {
      const fallback =
        input?.default === undefined || input?.default === '' ? '' : `\`${cell(input.default)}\``;
      lines.push(
        `| \`${name}\` | ${input?.required ? 'yes' : 'no'} | ${fallback} | ${cell(input?.description)} |`,
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

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function updateReadme(readme, files) {
  let text = readme;
  for (const file of files) {
    const { data } = readAction(file);
    const start = `<!-- action-docs:start ${file} -->`;
    const end = `<!-- action-docs:end ${file} -->`;
    const block = `${start}\n${renderAction(file, data)}\n${end}`;
    const pattern = new RegExp(`${escape(start)}[\\s\\S]*?${escape(end)}`);
    if (pattern.test(text)) {
      text = text.replace(pattern, () => block);
    } else {
      const name = data.name ? String(data.name) : file;
      // action.yml and deploy/action.yml are the same pipeline under two `uses:` paths.
      const title = file.startsWith('actions/') ? name : `${name} (\`${file}\`)`;
      const description = data.description ? `\n${String(data.description).trim()}\n` : '';
      text = `${text.replace(/\n*$/, '\n')}\n## ${title}\n${description}\n${block}\n`;
    }
  }
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const before = existsSync(README) ? readFileSync(README, 'utf8') : '# oasis-actions\n';
  const after = updateReadme(before, actionFiles());
  if (check) {
    if (after !== before) {
      const stale = actionFiles().filter((file) => {
        const { data } = readAction(file);
        return !before.includes(renderAction(file, data));
      });
      console.error(
        `README.md is stale for: ${stale.join(', ') || 'its action sections'}.\n` +
          'Run `npm run docs` and commit README.md.',
      );
      process.exit(1);
    }
    console.log(`README.md is up to date (${actionFiles().length} actions)`);
  } else if (after !== before) {
    writeFileSync(README, after);
    console.log(`README.md updated (${actionFiles().length} actions)`);
  } else {
    console.log('README.md already up to date');
  }
}
