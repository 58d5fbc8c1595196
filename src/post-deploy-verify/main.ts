import * as core from '@actions/core';
import { runAction, writeJobSummary } from '../shared/action.js';
import { UserError } from '../shared/errors.js';
import { getInputs } from './inputs.js';

export function run(): Promise<void> {
  return runAction(async () => {
    const config = getInputs();
    const { postDeployVerify, ChecksError } = await import('./post-deploy-verify.js');
    let result;
    try {
      result = await postDeployVerify(config);
    } catch (error) {
      if (error instanceof ChecksError && error.file && error.line !== undefined) {
        // One annotation, on the file and line that is wrong, and a failed step.
        core.error(error.message, {
          file: error.file,
          startLine: error.line,
          startColumn: error.column,
        });
        process.exitCode = core.ExitCode.Failure;
        return;
      }
      throw error;
    }
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    await writeJobSummary(result.summary);
    core.info(result.headline);
    const failing =
      result.verdict === 'fail' || (result.verdict === 'inconclusive' && config.failOnInconclusive);
    if (failing) {
      const why = result.checks
        .filter((check) => check.verdict !== 'pass')
        .map((check) => `${check.name}: ${check.reason ?? check.verdict}`)
        .join('; ');
      throw new UserError(`${result.headline}: ${why}`);
    }
  });
}
