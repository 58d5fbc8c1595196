/**
 * Runs one JavaScript action the way the GitHub runner does: `node <runs.main>` as a child
 * process (argument array, no shell) with INPUT_* set from the given inputs and the action.yml
 * defaults, the GITHUB_* context, and fresh GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE /
 * GITHUB_PATH / GITHUB_STEP_SUMMARY files; then reads those files back. Workflow commands on
 * stdout (`::add-mask::`, `::error::`, `::group::`…) are interpreted: masked values are
 * replaced by *** in every later line, annotations are collected.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { processExec, redact, type Exec } from '../shared/exec.js';
import { UserError } from '../shared/errors.js';
import { loadAction, type ActionMetadata } from './action-metadata.js';
import { interpolateText, type ExpressionContext } from './expressions.js';
import { parseKeyValueFile, parsePathFile } from './file-commands.js';
import { githubContextValue, githubEnvironment, type RunContext } from './github-context.js';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: string;
  title?: string;
}

export type LogKind = 'out' | 'err' | 'group' | 'annotation' | 'debug';

export interface ActionRunOptions {
  /** Folder holding action.yml, or already-loaded metadata. */
  action: string | ActionMetadata;
  /** Input values by name as written in `with:` (names are matched as GitHub does). */
  inputs: Record<string, string>;
  context: RunContext;
  /** RUNNER_TEMP: the file-command files and the event file go here. */
  runnerTemp: string;
  /** Environment the step sees on top of baseEnv (workflow/job/step env, GITHUB_ENV). */
  env?: Record<string, string>;
  /** Defaults to process.env without its INPUT_* variables. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Values to mask from the start (secrets the caller knows about). */
  secrets?: string[];
  /** Contexts available to expressions in action.yml input defaults (github is added). */
  expressionContexts?: ExpressionContext['contexts'];
  /** Run `runs.post` instead of `runs.main` (with STATE_* from an earlier run). */
  phase?: 'main' | 'post';
  state?: Record<string, string>;
  /** The step id, for GITHUB_ACTION. */
  stepId?: string;
  /** Each line the action prints, already masked and with workflow commands interpreted. */
  onLog?: (line: string, kind: LogKind) => void;
  /** Show ::debug:: lines (as RUNNER_DEBUG=1 does). */
  debug?: boolean;
  exec?: Exec;
  /** Kill the action after this long. */
  timeoutMs?: number;
}

export interface ActionRunResult {
  exitCode: number;
  outputs: Record<string, string>;
  /** GITHUB_ENV additions, for the following steps. */
  env: Record<string, string>;
  /** GITHUB_PATH additions, for the following steps. */
  path: string[];
  state: Record<string, string>;
  /** Markdown (and HTML) written to GITHUB_STEP_SUMMARY. */
  summary: string;
  annotations: Annotation[];
  /** Every value masked during the run (from ::add-mask:: and the given secrets). */
  masks: string[];
  /** Inputs that action.yml does not declare (GitHub warns about them). */
  unexpectedInputs: string[];
  /** Everything the action printed, masked. */
  log: string[];
  durationMs: number;
}

/** INPUT_<NAME> as the runner names it: spaces become underscores, upper case, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function unescapeData(value: string): string {
  return value.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(value: string): string {
  return unescapeData(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

interface Command {
  name: string;
  properties: Record<string, string>;
  data: string;
}

/** Parses a `::name key=value,…::data` workflow command line. */
export function parseWorkflowCommand(line: string): Command | undefined {
  const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.trimEnd());
  if (!match) return undefined;
  const properties: Record<string, string> = {};
  for (const part of (match[2] ?? '').split(',')) {
    const at = part.indexOf('=');
    if (at > 0) properties[part.slice(0, at).trim()] = unescapeProperty(part.slice(at + 1));
  }
  return { name: match[1], properties, data: unescapeData(match[3]) };
}

function readIfExists(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** The per-step file-command files, as the runner creates them. */
export interface StepFiles {
  GITHUB_OUTPUT: string;
  GITHUB_ENV: string;
  GITHUB_STATE: string;
  GITHUB_PATH: string;
  GITHUB_STEP_SUMMARY: string;
}

export function createStepFiles(runnerTemp: string): StepFiles {
  const dir = join(runnerTemp, '_runner_file_commands');
  mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  const files: StepFiles = {
    GITHUB_OUTPUT: join(dir, `set_output_${id}`),
    GITHUB_ENV: join(dir, `set_env_${id}`),
    GITHUB_STATE: join(dir, `save_state_${id}`),
    GITHUB_PATH: join(dir, `add_path_${id}`),
    GITHUB_STEP_SUMMARY: join(dir, `step_summary_${id}`),
  };
  for (const file of Object.values(files)) writeFileSync(file, '', { mode: 0o600 });
  return files;
}

export interface StepFileResults {
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
}

export function readStepFiles(files: StepFiles, masks: string[]): StepFileResults {
  return {
    outputs: parseKeyValueFile(readIfExists(files.GITHUB_OUTPUT), 'GITHUB_OUTPUT'),
    env: parseKeyValueFile(readIfExists(files.GITHUB_ENV), 'GITHUB_ENV'),
    path: parsePathFile(readIfExists(files.GITHUB_PATH)),
    state: parseKeyValueFile(readIfExists(files.GITHUB_STATE), 'GITHUB_STATE'),
    summary: redact(readIfExists(files.GITHUB_STEP_SUMMARY), masks),
  };
}

/** Writes the event payload where GITHUB_EVENT_PATH points. */
export function writeEventFile(runnerTemp: string, event: unknown): string {
  const dir = join(runnerTemp, '_github_workflow');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify(event, null, 2));
  return path;
}

/**
 * Interprets what a step prints, as the runner does: workflow commands are acted on (masks,
 * annotations, groups, legacy set-output/save-state, stop-commands), every other line is
 * masked and passed on.
 */
export class CommandProcessor {
  readonly masks: Set<string>;
  readonly annotations: Annotation[] = [];
  readonly legacyOutputs: Record<string, string> = {};
  readonly legacyState: Record<string, string> = {};
  readonly log: string[] = [];
  private stopToken: string | undefined;

  constructor(
    private readonly options: {
      secrets?: string[];
      debug?: boolean;
      onLog?: (line: string, kind: LogKind) => void;
    } = {},
  ) {
    this.masks = new Set((options.secrets ?? []).filter((value) => value.length >= 3));
  }

  maskList(): string[] {
    return [...this.masks];
  }

  private emit(line: string, kind: LogKind) {
    const masked = redact(line, this.maskList());
    this.log.push(masked);
    this.options.onLog?.(masked, kind);
  }

  readonly onLine = (raw: string, stream: 'stdout' | 'stderr') => {
    const plain: LogKind = stream === 'stdout' ? 'out' : 'err';
    if (this.stopToken !== undefined) {
      if (raw.trim() === `::${this.stopToken}::`) this.stopToken = undefined;
      else this.emit(raw, plain);
      return;
    }
    const command = parseWorkflowCommand(raw);
    if (!command) {
      this.emit(raw, plain);
      return;
    }
    switch (command.name) {
      case 'add-mask': {
        // The whole value, and each line of a multi-line one (a kubeconfig, a key file) that is
        // long enough to be secret material rather than YAML structure such as `cluster:`.
        if (command.data.trim().length >= 3) this.masks.add(command.data);
        const lines = command.data.split(/\r?\n/).map((line) => line.trim());
        if (lines.length > 1) {
          for (const line of lines) if (line.length >= 16) this.masks.add(line);
        }
        return;
      }
      case 'debug':
        if (this.options.debug) this.emit(`debug: ${command.data}`, 'debug');
        return;
      case 'error':
      case 'warning':
      case 'notice': {
        const annotation: Annotation = {
          level: command.name,
          message: redact(command.data, this.maskList()),
          file: command.properties.file,
          line: command.properties.line,
          title: command.properties.title,
        };
        this.annotations.push(annotation);
        const where = annotation.file
          ? ` (${annotation.file}${annotation.line ? `:${annotation.line}` : ''})`
          : '';
        const label = command.name[0].toUpperCase() + command.name.slice(1);
        this.emit(`${label}${where}: ${annotation.message}`, 'annotation');
        return;
      }
      case 'group':
        this.emit(`▸ ${command.data}`, 'group');
        return;
      case 'endgroup':
      case 'echo':
        return;
      case 'set-output':
        if (command.properties.name) this.legacyOutputs[command.properties.name] = command.data;
        return;
      case 'save-state':
        if (command.properties.name) this.legacyState[command.properties.name] = command.data;
        return;
      case 'stop-commands':
        this.stopToken = command.data;
        return;
      default:
        this.emit(raw, plain);
    }
  };
}

export async function runAction(options: ActionRunOptions): Promise<ActionRunResult> {
  const started = Date.now();
  const action = typeof options.action === 'string' ? loadAction(options.action) : options.action;
  const phase = options.phase ?? 'main';
  const script = phase === 'post' ? action.runs.post : action.runs.main;
  if (!script) throw new UserError(`${action.file}: no runs.${phase}`);
  const entry = resolve(action.dir, script);
  if (!existsSync(entry)) {
    throw new UserError(
      `${action.name}: ${entry} does not exist; build it first (node scripts/build.js <step>)`,
    );
  }

  const files = createStepFiles(options.runnerTemp);
  const eventPath = writeEventFile(options.runnerTemp, options.context.event);

  // Inputs: given values, then action.yml defaults (their expressions evaluated).
  const given = new Map<string, string>();
  for (const [name, value] of Object.entries(options.inputs)) given.set(name.toLowerCase(), value);
  const declared = new Set(Object.keys(action.inputs).map((name) => name.toLowerCase()));
  const unexpectedInputs = Object.keys(options.inputs).filter(
    (name) => !declared.has(name.toLowerCase()),
  );
  const expressionContext: ExpressionContext = {
    contexts: {
      github: githubContextValue(options.context),
      env: { ...(options.env ?? {}) },
      runner: { os: 'Linux', temp: options.runnerTemp, name: 'oasis-local' },
      job: { status: 'success' },
      strategy: {},
      matrix: {},
      ...(options.expressionContexts ?? {}),
    },
  };
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = given.get(name.toLowerCase());
    if (value !== undefined) inputEnv[inputVariable(name)] = value;
    else if (spec.default !== undefined) {
      inputEnv[inputVariable(name)] = interpolateText(spec.default, expressionContext);
    }
  }
  for (const name of unexpectedInputs) inputEnv[inputVariable(name)] = options.inputs[name];

  const base = { ...(options.baseEnv ?? process.env) };
  for (const key of Object.keys(base)) if (key.startsWith('INPUT_')) delete base[key];
  const stateEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.state ?? {}))
    stateEnv[`STATE_${name}`] = value;
  const env: NodeJS.ProcessEnv = {
    ...base,
    ...githubEnvironment(options.context, eventPath, options.runnerTemp),
    ...(options.env ?? {}),
    ...inputEnv,
    ...stateEnv,
    ...files,
    GITHUB_ACTION: options.stepId ?? '__oasis',
    GITHUB_ACTION_PATH: action.dir,
    GITHUB_ACTION_REPOSITORY: 'org/oasis-actions',
    GITHUB_ACTION_REF: 'local',
  };
  if (options.debug) env.RUNNER_DEBUG = '1';

  const processor = new CommandProcessor({
    secrets: options.secrets,
    debug: options.debug,
    onLog: options.onLog,
  });
  const exec = options.exec ?? processExec;
  const result = await exec.run(process.execPath, [entry], {
    cwd: options.context.workspace,
    env,
    onLine: processor.onLine,
    secrets: processor.maskList(),
    timeoutMs: options.timeoutMs,
  });
  const read = readStepFiles(files, processor.maskList());
  return {
    exitCode: result.code,
    outputs: { ...processor.legacyOutputs, ...read.outputs },
    env: read.env,
    path: read.path,
    state: { ...processor.legacyState, ...read.state },
    summary: read.summary,
    annotations: processor.annotations,
    masks: processor.maskList(),
    unexpectedInputs,
    log: processor.log,
    durationMs: Date.now() - started,
  };
}
