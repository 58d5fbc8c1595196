/**
 * Pre-switch / between-step checks over plain HTTP: each `check-paths` entry must answer 2xx
 * on the preview (blue-green) or canary endpoint. A path is retried a few times before it counts
 * as failed, so a Pod that just turned ready is not judged on its first request.
 */
import type { Clock } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { K8sRolloutConfig } from './inputs.js';
import type { CheckRunner } from './rollout-context.js';

export function httpChecks(
  config: Pick<K8sRolloutConfig, 'checkPaths'>,
  clock: Clock,
  deadline: number,
  attempts = 3,
): CheckRunner {
  return async (baseUrl, what) => {
    const failures: string[] = [];
    for (const path of config.checkPaths) {
      const url = new URL(path, baseUrl).toString();
      let last = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
          await response.arrayBuffer();
          if (response.status >= 200 && response.status < 300) {
            last = '';
            break;
          }
          last = `HTTP ${response.status}`;
        } catch (error) {
          last = errorMessage(error);
        }
        if (attempt < attempts && clock.now() < deadline) await clock.sleep(500 * attempt);
      }
      if (last) failures.push(`${what}: GET ${path} failed after ${attempts} attempts: ${last}`);
    }
    return failures;
  };
}
