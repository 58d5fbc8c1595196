/**
 * Pre-switch (blue-green) and between-step (canary) checks against the preview / canary
 * endpoint. With `checks` (a file or inline YAML in the post-deploy-verify format) they run through
 * post-deploy-verify's own engine with the endpoint as base-url, so the same file verifies the
 * preview before the switch and production after it. Without it, each `check-paths` entry must
 * answer 2xx (retried a few times, so a Pod that just turned ready is not judged on one request).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Clock } from '../shared/clock.js';
import { ConfigError, errorMessage, quote } from '../shared/errors.js';
import type { K8sRolloutConfig } from './inputs.js';
import type { CheckRunner } from './rollout-context.js';

/** Plain HTTP checks of `check-paths`. */
export function pathChecks(
  paths: readonly string[],
  clock: Clock,
  deadline: number,
  attempts = 3,
): CheckRunner {
  return async (baseUrl, what) => {
    const failures: string[] = [];
    for (const path of paths) {
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

/** Reads the `checks` input: a workspace file when it names one, else inline YAML. */
function readChecks(value: string, workspace: string) {
  if (!value.includes('\n')) {
    const path = isAbsolute(value) ? value : resolve(workspace, value);
    if (existsSync(path) && statSync(path).isFile()) {
      return { text: readFileSync(path, 'utf8'), source: value, file: value };
    }
    if (/\.(ya?ml|json)$/i.test(value)) {
      throw new ConfigError(
        'checks',
        `the file ${quote(value)} does not exist (looked in ${workspace})`,
      );
    }
  }
  return { text: value, source: "input 'checks'", file: undefined };
}

/**
 * The runner for the config. A checks document is parsed and validated here, before anything is
 * deployed, so a mistake in it costs no rollout.
 */
export async function createCheckRunner(
  config: Pick<K8sRolloutConfig, 'checks' | 'checkPaths' | 'workspace' | 'namespace'>,
  clock: Clock,
  deadline: number,
  log: (line: string) => void = () => undefined,
): Promise<CheckRunner> {
  if (!config.checks) return pathChecks(config.checkPaths, clock, deadline);
  const { parseChecks, verify } = await import('../post-deploy-verify/post-deploy-verify.js');
  const { text, source, file } = readChecks(config.checks, config.workspace);
  parseChecks(
    text,
    source,
    { baseUrl: 'http://preview.invalid', namespace: config.namespace },
    file,
  );
  const paths = pathChecks(config.checkPaths, clock, deadline);
  return async (baseUrl, what) => {
    const checks = parseChecks(text, source, { baseUrl, namespace: config.namespace }, file);
    const budget = Math.max(1000, Math.min(120_000, deadline - clock.now()));
    const result = await verify({ checks, deadlineMs: budget, concurrency: 4 }, { clock, log });
    const failures = result.checks
      .filter((check) => check.verdict !== 'pass')
      .map(
        (check) => `${what}: ${check.name} ${check.verdict}: ${check.reason ?? check.lastStatus}`,
      );
    return [...failures, ...(config.checkPaths.length > 0 ? await paths(baseUrl, what) : [])];
  };
}
