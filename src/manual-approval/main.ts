import * as core from '@actions/core';
import { runAction, writeJobSummary } from '../shared/action.js';
import { UserError } from '../shared/errors.js';
import { getInputs } from './inputs.js';

/** The manual-approval action: inputs → manualApproval() → outputs and job summary; denial or timeout fails the step unless told not to. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const config = getInputs();
    const { manualApproval } = await import('./manual-approval.js');
    // A cancelled run gets SIGINT (then SIGTERM): close the approval issue before going.
    const controller = new AbortController();
    const cancel = () => controller.abort();
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    const result = await manualApproval(config, {
      log: (line) => core.info(line),
      signal: controller.signal,
    });
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    await writeJobSummary(result.summary.markdown);
    if (result.failure) throw new UserError(result.failure);
  });
}
