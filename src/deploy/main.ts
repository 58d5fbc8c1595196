import * as core from '@actions/core';
import { runAction, writeJobSummary } from '../shared/action.js';
import { UserError } from '../shared/errors.js';
import { getInputs } from './inputs.js';

/** The deploy action: every stage validated up front, then the pipeline in-process. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const config = getInputs();
    const { deploy } = await import('./deploy.js');
    const result = await deploy(config, {
      log: (line) => core.info(line),
      mask: (value) => core.setSecret(value),
    });
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    await writeJobSummary(result.summary);
    if (result.error) throw new UserError(result.error);
    core.info(`deployed ${result.imageRef} to ${config.environment}`);
  });
}
