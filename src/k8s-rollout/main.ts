import * as core from '@actions/core';
import { runAction, writeJobSummary } from '../shared/action.js';
import { UserError } from '../shared/errors.js';
import { getInputs } from './inputs.js';

/** The action: validated inputs, the library call, outputs, the job summary, and the verdict. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const config = getInputs();
    const { k8sRollout } = await import('./k8s-rollout.js');
    const { ManifestError } = await import('./manifests.js');
    let result;
    try {
      result = await k8sRollout(config, { log: (line) => core.info(line) });
    } catch (error) {
      if (error instanceof ManifestError && error.file) {
        // An annotation on the manifest line, which also fails the step.
        core.error(error.message, { file: error.file, startLine: error.line });
        process.exitCode = 1;
        return;
      }
      throw error;
    }
    core.setOutput('status', result.status);
    core.setOutput('revision', result.revision);
    core.setOutput('previous-revision', result.previousRevision);
    core.setOutput('previous-image', result.previousImage);
    core.setOutput('failed-reason', result.failedReason);
    core.setOutput('resources', JSON.stringify(result.resources));
    core.setOutput('rolled-back', String(result.status === 'rolled-back'));
    core.setOutput('active-color', result.activeColor ?? '');
    core.setOutput('previous-color', result.previousColor ?? '');
    core.setOutput('preview-url', result.previewUrl ?? '');
    core.setOutput(
      'canary-weight',
      result.canaryWeight === undefined ? '' : String(result.canaryWeight),
    );
    await writeJobSummary(result.summary);
    if (result.error) throw new UserError(result.error);
  });
}
