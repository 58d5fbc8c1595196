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
