import * as core from '@actions/core';
import { runAction, writeJobSummary } from '../shared/action.js';
import { getInputs } from './inputs.js';

const MAX_DIFF_OUTPUT = 256 * 1024;

export async function run(): Promise<void> {
  await runAction(async () => {
    const config = getInputs();
    const { updateGitopsManifest } = await import('./update-gitops-manifest.js');
    const result = await updateGitopsManifest(config);
    core.setOutput('changed', String(result.changed));
    core.setOutput('commit-sha', result.commitSha);
    core.setOutput('files', result.files.join('\n'));
    core.setOutput(
      'pull-request-number',
      result.pullRequestNumber ? String(result.pullRequestNumber) : '',
    );
    core.setOutput('pull-request-url', result.pullRequestUrl ?? '');
    core.setOutput(
      'diff',
      result.diff.length > MAX_DIFF_OUTPUT
        ? `${result.diff.slice(0, MAX_DIFF_OUTPUT)}\n… (diff truncated)\n`
        : result.diff,
    );
    await writeJobSummary(result.summary);
  });
}
