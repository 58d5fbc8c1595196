/** The job summary of k8s-rollout, as markdown: verdict first, a table, then the evidence. */
import type { Diagnostics } from './diagnostics.js';

export interface ResourceReport {
  kind: string;
  name: string;
  namespace?: string;
  /** Revision after this run (Deployments), when known. */
  revision?: string;
  image?: string;
  /** complete | failed | rolled-back | applied | progressing | … */
  state: string;
  detail?: string;
}

const ICON: Record<string, string> = {
  succeeded: '✅',
  'rolled-back': '↩️',
  failed: '❌',
  aborted: '⛔',
  progressing: '⏳',
  paused: '⏸️',
};

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderSummary(input: {
  status: string;
  namespace: string;
  headline: string;
  resources: ResourceReport[];
  error?: string;
  diagnostics?: Diagnostics;
  notes?: string[];
}): string {
  const lines: string[] = [];
  lines.push(`### ${ICON[input.status] ?? ''} k8s-rollout: ${input.status}`.replace('  ', ' '));
  lines.push('');
  lines.push(input.headline);
  lines.push('');
  const workloads = input.resources.filter((resource) => resource.state !== 'applied');
  const table = workloads.length > 0 ? workloads : input.resources;
  if (table.length > 0) {
    lines.push('| resource | namespace | state | revision | image |');
    lines.push('|---|---|---|---|---|');
    for (const resource of table) {
      lines.push(
        `| ${cell(`${resource.kind}/${resource.name}`)} | ${cell(resource.namespace ?? input.namespace)} | ${cell(resource.state)}${resource.detail ? `: ${cell(resource.detail)}` : ''} | ${cell(resource.revision ?? '')} | ${cell(resource.image ? `\`${resource.image}\`` : '')} |`,
      );
    }
    const others = input.resources.length - table.length;
    if (others > 0) lines.push('', `${others} more object(s) applied (config, services…).`);
    lines.push('');
  }
  if (input.error) {
    lines.push('**Why it failed**', '', '```', input.error, '```', '');
  }
  const diagnostics = input.diagnostics;
  if (diagnostics?.logs.length) {
    lines.push(`<details open><summary>Last log lines of ${diagnostics.logSource}</summary>`, '');
    lines.push('```', ...diagnostics.logs, '```', '', '</details>', '');
  }
  if (diagnostics?.events.length) {
    lines.push('<details open><summary>Recent events</summary>', '');
    lines.push('| type | reason | object | message |', '|---|---|---|---|');
    for (const event of diagnostics.events) {
      lines.push(
        `| ${cell(event.type)} | ${cell(event.reason)} | ${cell(event.object)} | ${cell(event.message)}${event.count > 1 ? ` (×${event.count})` : ''} |`,
      );
    }
    lines.push('', '</details>', '');
  }
  for (const note of input.notes ?? []) lines.push(`- ${note}`);
  return `${lines.join('\n').trimEnd()}\n`;
}
