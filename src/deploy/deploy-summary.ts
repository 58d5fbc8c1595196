import { formatDuration } from '../shared/duration.js';

export interface StageRecord {
  name: string;
  verdict: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  /** One line: what happened, or why it was skipped or failed. */
  note: string;
  /** The step's own summary markdown, shown below the stage table. */
  details?: string;
}

const ICON = { passed: '✅', failed: '❌', skipped: '⏭️' } as const;

export interface DeploySummaryInput {
  environment: string;
  environmentUrl: string;
  imageRef: string;
  status: string;
  error?: string;
  stages: StageRecord[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** One summary for the whole run: the verdict and why first, a row per stage, then details. */
export function renderDeploySummary(input: DeploySummaryInput): string {
  const headline =
    input.status === 'succeeded'
      ? `## ✅ Deployed to ${input.environment}`
      : input.status === 'rolled-back'
        ? `## ↩️ Rolled back in ${input.environment}`
        : input.status === 'stopped'
          ? `## ⛔ Stopped before deploying to ${input.environment}`
          : `## ❌ Deployment to ${input.environment} failed`;
  const lines = [headline, ''];
  if (input.error) lines.push(`**${cell(input.error)}**`, '');
  if (input.imageRef) lines.push(`Image: \`${input.imageRef}\``);
  if (input.environmentUrl) lines.push(`Environment: ${input.environmentUrl}`);
  lines.push('', '| stage | verdict | time | details |', '| --- | --- | --- | --- |');
  for (const stage of input.stages) {
    lines.push(
      `| ${stage.name} | ${ICON[stage.verdict]} ${stage.verdict} | ${stage.verdict === 'skipped' ? '' : formatDuration(stage.durationMs)} | ${cell(stage.note)} |`,
    );
  }
  for (const stage of input.stages) {
    if (!stage.details) continue;
    lines.push(
      '',
      `<details><summary>${stage.name}</summary>`,
      '',
      stage.details.trim(),
      '',
      '</details>',
    );
  }
  return `${lines.join('\n')}\n`;
}
