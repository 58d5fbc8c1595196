/**
 * post-deploy-verify as a library: parse the checks, run them, write the JSON report and
 * return outputs and summary. The action's main.ts and the deploy action call this in-process;
 * k8s-rollout's strategies call `verify` (and `parseChecks`) directly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseChecks } from './checks.js';
import type { PostDeployVerifyConfig } from './inputs.js';
import { summaryMarkdown, verdictLine } from './summary.js';
import {
  verify,
  type CheckResult,
  type Verdict,
  type VerifyPorts,
  type VerifyReport,
} from './verify.js';

export { parseChecks, ChecksError, type Check } from './checks.js';
export {
  verify,
  overallVerdict,
  type VerifyPorts,
  type VerifyResult,
  type CheckResult,
  type Verdict,
} from './verify.js';
export type { PostDeployVerifyConfig } from './inputs.js';

export interface PostDeployVerifyResult {
  verdict: Verdict;
  /** Path of the JSON report. */
  reportPath: string;
  failedChecks: string[];
  checks: CheckResult[];
  report: VerifyReport;
  /** One line for logs and errors. */
  headline: string;
  /** Markdown for the job summary: verdict, then the table. */
  summary: string;
  /** The step's outputs under their stable names. */
  outputs: { verdict: Verdict; report: string; 'failed-checks': string };
}

export interface PostDeployVerifyPorts extends VerifyPorts {
  /** Environment for RUNNER_TEMP, KUBECONFIG (defaults to process.env). */
  env?: Record<string, string | undefined>;
}

function defaultReportPath(env: Record<string, string | undefined>): string {
  const root = env.RUNNER_TEMP || tmpdir();
  return join(root, `post-deploy-verify-report-${Date.now()}-${process.pid}.json`);
}

export async function postDeployVerify(
  config: PostDeployVerifyConfig,
  ports: PostDeployVerifyPorts = {},
): Promise<PostDeployVerifyResult> {
  const env = ports.env ?? process.env;
  const checks = parseChecks(
    config.checksText,
    config.checksSource,
    { baseUrl: config.baseUrl, prometheusUrl: config.prometheusUrl, namespace: config.namespace },
    config.checksFile,
  );
  let dispose: (() => void) | undefined;
  let pods = ports.pods;
  try {
    if (!pods && checks.some((check) => check.kind === 'kubernetes')) {
      const { loadKubeConfig } = await import('../shared/kube.js');
      const { createPodWatcher } = await import('./kubernetes-check.js');
      const loaded = await loadKubeConfig({
        content: config.kubeconfig,
        context: config.context,
        env: env as NodeJS.ProcessEnv,
      });
      dispose = loaded.dispose;
      pods = await createPodWatcher(loaded.kubeConfig);
    }
    const result = await verify(
      { checks, deadlineMs: config.deadlineMs, concurrency: config.concurrency },
      { ...ports, env, pods },
    );
    const reportPath = config.reportPath ?? defaultReportPath(env);
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, `${JSON.stringify(result.report, null, 2)}\n`);
    const failedChecks = result.checks
      .filter((check) => check.verdict === 'fail')
      .map((check) => check.name);
    return {
      verdict: result.verdict,
      reportPath,
      failedChecks,
      checks: result.checks,
      report: result.report,
      headline: verdictLine(result.verdict, result.checks, result.report.durationMs),
      summary: summaryMarkdown(result.verdict, result.checks, result.report.durationMs, reportPath),
      outputs: {
        verdict: result.verdict,
        report: reportPath,
        'failed-checks': failedChecks.join(','),
      },
    };
  } finally {
    dispose?.();
  }
}
