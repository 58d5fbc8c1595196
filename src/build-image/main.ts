import * as core from '@actions/core';
import { runAction, writeJobSummary } from '../shared/action.js';
import { BuildFailedError } from './build-failure.js';
import { getInputs } from './inputs.js';

/** The build-image action: inputs → buildImage() → outputs and job summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const config = getInputs();
    const { buildImage } = await import('./build-image.js');
    const result = await buildImage(config, {
      log: (line) => core.info(line),
      group: (name, fn) => core.group(name, fn),
    }).catch((error: unknown) => {
      // A failed build also marks the Dockerfile line it failed on.
      if (error instanceof BuildFailedError && error.line) {
        core.error(error.reason, {
          title: 'docker build',
          file: error.file,
          startLine: error.line,
        });
      }
      throw error;
    });
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    await writeJobSummary(result.summary.markdown);
    core.info(result.summary.verdictLine);
  });
}
