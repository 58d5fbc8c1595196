import * as core from '@actions/core';
import { UserError, errorMessage } from './errors.js';

/**
 * The one top-level handler of every action: a thrown error becomes `core.setFailed`.
 * A UserError (bad input, a failed rollout, a denied approval) is shown as its message only;
 * anything else is a bug, so its stack goes to the debug log for the report.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) {
      core.debug(error.stack);
    }
    core.setFailed(errorMessage(error));
  }
}

/**
 * Appends markdown to the job summary. Outside a runner (no GITHUB_STEP_SUMMARY, e.g. a local
 * run) it goes to the log instead; a summary that cannot be written is a warning, never the
 * reason a step fails.
 */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(markdown);
    return;
  }
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`could not write the job summary: ${errorMessage(error)}`);
  }
}
