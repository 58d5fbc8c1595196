/**
 * The shared stack from a shell: `node --import tsx test/stack/stack-cli.ts up|down [--owner PID]`,
 * and `sample-context DIR` (writes the sample image's build context into DIR).
 * `up` joins or brings up the stack and prints its environment as JSON on the last line of
 * stdout; `down` leaves it (the last user stops what the stack started). jest's globalSetup runs
 * this in a child process: jest loads globalSetup files as CommonJS without its module mapper.
 */
import { sampleBuildContext } from './sample-service.js';
import { acquireStack, releaseStack } from './shared-stack.js';

const [command, ...rest] = process.argv.slice(2);
const ownerAt = rest.indexOf('--owner');
const owner = ownerAt >= 0 ? Number(rest[ownerAt + 1]) : process.ppid;
const log = (line: string) => console.error(line);

try {
  if (command === 'up') {
    console.log(JSON.stringify(await acquireStack(log, owner)));
  } else if (command === 'down') {
    await releaseStack(log, owner);
  } else if (command === 'sample-context' && rest[0]) {
    console.log(await sampleBuildContext(rest[0]));
  } else {
    console.error('usage: stack-cli.ts up|down [--owner PID] | sample-context DIR');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
