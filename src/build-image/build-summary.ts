import { formatDuration } from '../shared/duration.js';

export interface SummaryFacts {
  pushed: boolean;
  pushSkippedBecause?: string;
  image: string;
  imageRef: string;
  digest: string;
  tags: string[];
  sizeBytes?: number;
  buildMs: number;
  pushMs: number;
  pushAttempts: number;
  builder: string;
  revisionUrl?: string;
  revision: string;
  version: string;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** The job summary: the verdict first, then a table. */
export function renderSummary(facts: SummaryFacts): { markdown: string; verdictLine: string } {
  const verdictLine = facts.pushed
    ? `build-image: pushed ${facts.imageRef}`
    : `build-image: built ${facts.image} (not pushed: ${facts.pushSkippedBecause ?? 'push: false'})`;
  const heading = facts.pushed
    ? `### ✅ Image pushed: ${code(facts.imageRef)}`
    : `### ✅ Image built, not pushed (${facts.pushSkippedBecause ?? 'push: false'})`;
  const rows: Array<[string, string]> = [
    ['Image', code(facts.image)],
    ['Digest', facts.digest ? code(facts.digest) : '— (not pushed)'],
    ['Tags', facts.tags.map(code).join(' ') || '—'],
    ['Version', facts.version ? code(facts.version) : '—'],
    ['Size', facts.sizeBytes !== undefined ? formatBytes(facts.sizeBytes) : '—'],
    ['Build time', `${formatDuration(facts.buildMs)} (${facts.builder})`],
    [
      'Push time',
      facts.pushed
        ? `${formatDuration(facts.pushMs)}${facts.pushAttempts > facts.tags.length ? ` (${facts.pushAttempts} push attempts for ${facts.tags.length} tags)` : ''}`
        : '—',
    ],
    [
      'Revision',
      facts.revisionUrl
        ? `[${facts.revision.slice(0, 7)}](${facts.revisionUrl})`
        : code(facts.revision || 'unknown'),
    ],
  ];
  const table = ['| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join(
    '\n',
  );
  const deploy = facts.pushed ? `\n\nDeploy by digest: ${code(facts.imageRef)}\n` : '\n';
  return { markdown: `${heading}\n\n${table}${deploy}`, verdictLine };
}
