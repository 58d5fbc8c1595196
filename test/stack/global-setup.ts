import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * jest globalSetup of the integration and e2e projects: joins (or brings up) the shared stack and
 * exports it to the tests: OASIS_TEST_REGISTRY (host:port) and OASIS_SAMPLE_V1, OASIS_SAMPLE_V2,
 * OASIS_SAMPLE_CRASHLOOP, OASIS_SAMPLE_NEVER_READY (`host/oasis/sample:tag`). The work happens in
 * stack-cli.ts in a child process (jest loads this file as CommonJS, without .js → .ts mapping);
 * this jest process is recorded as the stack's user until globalTeardown.
 */
export default async function globalSetup(_global: unknown, project: { rootDir: string }) {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(project.rootDir, 'test/stack/stack-cli.ts'),
      'up',
      '--owner',
      String(process.pid),
    ],
    {
      cwd: project.rootDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 15 * 60_000,
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `the local stack did not start (stack-cli.ts up exited ${result.status ?? result.signal})`,
    );
  }
  const lines = result.stdout.trim().split('\n');
  Object.assign(process.env, JSON.parse(lines[lines.length - 1]) as Record<string, string>);
}
