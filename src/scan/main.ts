import * as core from '@actions/core';
import { runAction, writeJobSummary } from '../shared/action.js';
import { UserError } from '../shared/errors.js';
import { getInputs } from './inputs.js';

/** The scan action: inputs → scan() → outputs, annotations, job summary; a failing gate fails the step. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const config = getInputs();
    const { scan } = await import('./scan.js');
    const result = await scan(config, { log: (message) => core.info(message) });
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    for (const warning of result.warnings) core.warning(warning);
    for (const a of result.annotations) {
      core.error(a.message, { title: a.title, file: a.file, startLine: a.startLine });
    }
    await writeJobSummary(result.summary.markdown);
    core.info(result.summary.verdictLine);
    if (result.verdict === 'fail') {
      const failing = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const)
        .filter((s) => result.gate.failing[s] > 0)
        .map((s) => `${result.gate.failing[s]} ${s}`)
        .join(', ');
      throw new UserError(
        `vulnerability gate failed: ${failing} (fail-on: ${config.failOn.join(', ')}); ` +
          `fix them, or accept a risk in ${config.ignoreFile} with a reason and an expiry date`,
      );
    }
  });
}
