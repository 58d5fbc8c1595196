import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** jest globalTeardown: leaves the shared stack; the last user out stops what the stack started. */
export default async function globalTeardown(_global: unknown, project: { rootDir: string }) {
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(project.rootDir, 'test/stack/stack-cli.ts'),
      'down',
      '--owner',
      String(process.pid),
    ],
    { cwd: project.rootDir, stdio: ['ignore', 'inherit', 'inherit'], timeout: 5 * 60_000 },
  );
}
