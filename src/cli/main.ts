/**
 * `oasis`: run any oasis action locally with a GitHub-like environment.
 *
 *   oasis run <step> [--input name=value]… [--event push] [--ref refs/heads/main] …
 *   oasis list
 *
 * The action runs as a child process (the same bundle GitHub runs), its log is streamed, then
 * its outputs and its job summary (rendered for a terminal) are printed. The exit code is the
 * action's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError, errorMessage } from '../shared/errors.js';
import { actionDirFor, availableSteps, loadAction, packageRoot } from './action-metadata.js';
import { runAction, type ActionRunResult } from './action-runner.js';
import { resolveContext, type ContextFlags } from './github-context.js';
import { renderSummary } from './terminal-markdown.js';

export const USAGE = `Usage:
  oasis run <step> [options]   run one action (${'`oasis list`'} shows the steps)
  oasis list                   list the actions and their inputs
  oasis help                   this text

Options of run:
  -i, --input name=value       an input, as in \`with:\` (repeat for more)
      --input-env name=VAR     an input read from environment variable VAR (for secrets:
                               nothing on the command line, masked in the output)
      --env KEY=VALUE          an environment variable for the action (repeat for more)
      --event NAME             the triggering event (default push)
      --event-path FILE        a JSON webhook payload to use as the event
      --ref REF                e.g. refs/heads/main or refs/tags/v1.2.3 (default: the local
                               branch, or the tag at HEAD)
      --sha SHA                the commit (default: git rev-parse HEAD)
      --repository OWNER/NAME  default: from the origin remote
      --actor LOGIN            default: git config user.name
      --base-ref BRANCH        the pull request's base branch (pull_request events)
      --workspace DIR          GITHUB_WORKSPACE and working directory (default: .)
      --json                   print {exitCode, outputs, summary, annotations} as JSON
      --debug                  show ::debug:: lines (RUNNER_DEBUG=1)
      --keep-temp              keep RUNNER_TEMP (it is printed) instead of removing it

GITHUB_TOKEN in the environment is what \${{ github.token }} defaults resolve to;
GITHUB_API_URL and GITHUB_SERVER_URL are passed through (GitHub Enterprise Server, a test double).`;

export interface RunCommand {
  step: string;
  inputs: Record<string, string>;
  secretInputs: string[];
  env: Record<string, string>;
  flags: ContextFlags;
  workspace: string;
  json: boolean;
  debug: boolean;
  keepTemp: boolean;
}

function pair(flag: string, text: string | undefined): [string, string] {
  if (text === undefined) throw new UserError(`${flag} needs a value of the form name=value`);
  const at = text.indexOf('=');
  if (at <= 0) throw new UserError(`${flag} '${text}': expected name=value`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** Parses the arguments after `run`. */
export function parseRunArguments(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): RunCommand {
  const command: RunCommand = {
    step: '',
    inputs: {},
    secretInputs: [],
    env: {},
    flags: {},
    workspace: process.cwd(),
    json: false,
    debug: false,
    keepTemp: false,
  };
  const value = (flag: string, i: number) => {
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UserError(`${flag} needs a value`);
    return next;
  };
  for (let i = 0; i < args.length; i++) {
    let arg = args[i];
    let inlineValue: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inlineValue = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = () => {
      if (inlineValue !== undefined) return inlineValue;
      return value(arg, i++);
    };
    switch (arg) {
      case '-i':
      case '--input': {
        const [name, text] = pair(arg, take());
        command.inputs[name] = text;
        break;
      }
      case '--input-env': {
        const [name, variable] = pair(arg, take());
        const secret = env[variable];
        if (secret === undefined) {
          throw new UserError(`--input-env ${name}=${variable}: ${variable} is not set`);
        }
        command.inputs[name] = secret;
        command.secretInputs.push(secret);
        break;
      }
      case '--env': {
        const [name, text] = pair(arg, take());
        command.env[name] = text;
        break;
      }
      case '--event':
        command.flags.event = take();
        break;
      case '--event-path': {
        const file = take();
        try {
          command.flags.eventPayload = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new UserError(`--event-path ${file}: ${errorMessage(error)}`);
        }
        break;
      }
      case '--ref':
        command.flags.ref = take();
        break;
      case '--sha':
        command.flags.sha = take();
        break;
      case '--repository':
        command.flags.repository = take();
        break;
      case '--actor':
        command.flags.actor = take();
        break;
      case '--base-ref':
        command.flags.baseRef = take();
        break;
      case '--workspace':
        command.workspace = resolve(take());
        break;
      case '--json':
        command.json = true;
        break;
      case '--debug':
        command.debug = true;
        break;
      case '--keep-temp':
        command.keepTemp = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UserError(`unknown option '${arg}'\n\n${USAGE}`);
        if (command.step) throw new UserError(`unexpected argument '${arg}' (one step per run)`);
        command.step = arg;
    }
  }
  if (!command.step) throw new UserError(`oasis run: which step?\n\n${USAGE}`);
  return command;
}

export interface Printer {
  out(text: string): void;
  err(text: string): void;
}

const consolePrinter: Printer = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Prints a finished run: outputs, then the summary rendered for a terminal. */
export function formatResult(step: string, result: ActionRunResult): string {
  const lines: string[] = [''];
  const verdict = result.exitCode === 0 ? 'succeeded' : `failed (exit code ${result.exitCode})`;
  lines.push(`${step} ${verdict} in ${(result.durationMs / 1000).toFixed(1)}s`);
  const outputs = Object.entries(result.outputs);
  lines.push('', 'OUTPUTS', '=======');
  if (outputs.length === 0) lines.push('(none)');
  const widest = Math.max(0, ...outputs.map(([name]) => name.length));
  for (const [name, value] of outputs) {
    const [first, ...rest] = value.split('\n');
    lines.push(`${name.padEnd(widest)}  ${first}`);
    for (const more of rest) lines.push(`${' '.repeat(widest)}  ${more}`);
  }
  if (result.summary.trim()) {
    lines.push('', 'JOB SUMMARY', '===========', renderSummary(result.summary));
  }
  return lines.join('\n');
}

export async function runCommand(command: RunCommand, printer: Printer = consolePrinter) {
  const root = packageRoot();
  const steps = availableSteps(root);
  if (!steps.includes(command.step)) {
    throw new UserError(
      `no action '${command.step}'; available: ${steps.join(', ') || '(none built yet)'}`,
    );
  }
  const action = loadAction(actionDirFor(command.step, root));
  const context = await resolveContext(command.flags, { cwd: command.workspace });
  const runnerTemp = mkdtempSync(join(tmpdir(), 'oasis-run-'));
  try {
    const log = command.json ? printer.err : printer.out;
    const result = await runAction({
      action,
      inputs: command.inputs,
      context,
      runnerTemp,
      env: command.env,
      secrets: [...command.secretInputs, ...(context.token ? [context.token] : [])],
      debug: command.debug,
      onLog: (line) => log(line),
    });
    for (const name of result.unexpectedInputs) {
      printer.err(
        `Warning: unexpected input '${name}'; valid inputs are ${Object.keys(action.inputs).join(', ')}`,
      );
    }
    if (command.json) {
      printer.out(
        JSON.stringify(
          {
            step: command.step,
            exitCode: result.exitCode,
            outputs: result.outputs,
            summary: result.summary,
            annotations: result.annotations,
            durationMs: result.durationMs,
          },
          null,
          2,
        ),
      );
    } else {
      printer.out(formatResult(command.step, result));
    }
    if (command.keepTemp) printer.err(`RUNNER_TEMP kept at ${runnerTemp}`);
    else if (Object.values(result.outputs).some((value) => value.startsWith(runnerTemp))) {
      printer.err(
        `Note: files under ${runnerTemp} (RUNNER_TEMP) are removed now; --keep-temp keeps them`,
      );
    }
    return result.exitCode;
  } finally {
    if (!command.keepTemp) rmSync(runnerTemp, { recursive: true, force: true });
  }
}

function listCommand(printer: Printer) {
  const root = packageRoot();
  const steps = availableSteps(root);
  if (steps.length === 0) printer.out('(no actions found)');
  for (const step of steps) {
    const action = loadAction(actionDirFor(step, root));
    printer.out(`${step}: ${action.name}`);
    for (const [name, input] of Object.entries(action.inputs)) {
      const fallback =
        input.default !== undefined ? ` (default: ${input.default.replace(/\n/g, '\\n')})` : '';
      printer.out(`  --input ${name}=…${input.required ? ' (required)' : ''}${fallback}`);
    }
  }
}

/** Entry point: returns the process exit code. */
export async function main(argv: string[], printer: Printer = consolePrinter): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(parseRunArguments(rest), printer);
      case 'list':
        listCommand(printer);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        printer.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        printer.err(`oasis: unknown command '${command}'\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    printer.err(`oasis: ${errorMessage(error)}`);
    return error instanceof UserError ? 2 : 1;
  }
}
