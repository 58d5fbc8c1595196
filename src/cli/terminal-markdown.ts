/**
 * Renders a job summary for a terminal: the markdown and the HTML that `core.summary` writes
 * (tables, headings, lists, links, details, code) become plain aligned text.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
  '#x27': "'",
  '#x2F': '/',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x?[0-9a-fA-F]+|[a-z]+);/g, (match, name: string) => {
    if (name in ENTITIES) return ENTITIES[name];
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return match;
  });
}

/** Inline markup to plain text: links keep their target, emphasis and code marks go. */
function inline(text: string): string {
  return decodeEntities(
    text
      .replace(
        /<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi,
        (_m, href: string, label: string) => (label.trim() === href ? href : `${label} (${href})`),
      )
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<img\s[^>]*alt="([^"]*)"[^>]*>/gi, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, href: string) =>
        label === href ? href : `${label} (${href})`,
      )
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .replace(/__([^_]+)__/g, '$1')
      .replace(/(^|[^\w*])\*([^*\s][^*]*)\*/g, '$1$2')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/~~([^~]+)~~/g, '$1'),
  ).trim();
}

function width(text: string): number {
  return [...text].length;
}

function renderTable(rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(...rows.map((row) => width(row[i] ?? ''))),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell + ' '.repeat(widths[i] - width(cell)))
      .join('  ')
      .trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(Math.max(w, 1))).join('  ')];
  for (const row of rows.slice(1)) out.push(line(row));
  return out;
}

function htmlTable(html: string): string[] {
  const rows: string[][] = [];
  for (const row of html.match(/<tr[\s\S]*?<\/tr>/gi) ?? []) {
    const cells = [...row.matchAll(/<t([hd])([^>]*)>([\s\S]*?)<\/t\1>/gi)].flatMap((m) => {
      const span = /colspan="?(\d+)/i.exec(m[2]);
      const cell = inline(m[3]);
      return [cell, ...Array.from({ length: Number(span?.[1] ?? 1) - 1 }, () => '')];
    });
    rows.push(cells);
  }
  return renderTable(rows);
}

function splitMarkdownRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => inline(cell.replace(/\\\|/g, '|')));
}

/** Renders markdown/HTML summary text as plain terminal text. */
export function renderSummary(markdown: string): string {
  // Block-level HTML first: each becomes its own lines.
  let text = markdown.replace(/\r\n/g, '\n');
  const tables: string[][] = [];
  text = text.replace(/<table[\s\S]*?<\/table>/gi, (table) => {
    tables.push(htmlTable(table));
    return `\n\uE000table${tables.length - 1}\uE000\n`;
  });
  const blocks: string[] = [];
  text = text.replace(/<pre[^>]*>([\s\S]*?)<\/pre>/gi, (_m, body: string) => {
    blocks.push(decodeEntities(body.replace(/<\/?code[^>]*>/gi, '')));
    return `\n\uE000pre${blocks.length - 1}\uE000\n`;
  });
  text = text
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, level: string, body: string) => {
      return `\n${'#'.repeat(Number(level))} ${inline(body)}\n`;
    })
    .replace(/<summary[^>]*>([\s\S]*?)<\/summary>/gi, (_m, body: string) => `\n▸ ${inline(body)}\n`)
    .replace(/<li[^>]*>([\s\S]*?)<\/li>/gi, (_m, body: string) => `\n- ${inline(body)}\n`)
    .replace(
      /<blockquote[^>]*>([\s\S]*?)<\/blockquote>/gi,
      (_m, body: string) => `\n> ${inline(body)}\n`,
    )
    .replace(/<hr\s*\/?>/gi, '\n---\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(details|ul|ol|p|div)[^>]*>/gi, '\n');

  const out: string[] = [];
  const lines = text.split('\n');
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const placeholder = /^\uE000(table|pre)(\d+)\uE000$/.exec(line.trim());
    if (placeholder) {
      if (placeholder[1] === 'table') out.push(...tables[Number(placeholder[2])]);
      else
        out.push(
          ...blocks[Number(placeholder[2])]
            .replace(/\n$/, '')
            .split('\n')
            .map((l) => `    ${l}`),
        );
      continue;
    }
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(`    ${line}`);
      continue;
    }
    // Markdown table: a header row followed by a |---| separator.
    if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1] ?? '')) {
      const rows = [splitMarkdownRow(line)];
      i += 2;
      while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]))
        rows.push(splitMarkdownRow(lines[i++]));
      i--;
      out.push(...renderTable(rows));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const title = inline(heading[2]);
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      out.push(heading[1].length <= 2 ? title.toUpperCase() : title);
      if (heading[1].length <= 2) out.push('='.repeat(Math.max(width(title), 3)));
      continue;
    }
    const item = /^(\s*)([-*+]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      const bullet = /\d/.test(item[2]) ? item[2] : '-';
      out.push(`${item[1]}${bullet} ${inline(item[3])}`);
      continue;
    }
    if (/^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
      out.push('-'.repeat(40));
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      out.push(`  | ${inline(quote[1])}`);
      continue;
    }
    out.push(inline(line));
  }
  // Collapse runs of blank lines.
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
