/**
 * A small GitHub Actions workflow runner for the examples: enough of the runner's semantics to
 * run an example workflow file as committed, against the local stack.
 *
 * - jobs ordered by `needs` (run one at a time), job `if:` with the needs' status, `outputs:`,
 *   `environment:` (selects that environment's vars and secrets), `strategy.matrix`, job-level
 *   `uses:` of a reusable workflow (inputs, secrets or `inherit`, outputs);
 * - `${{ }}` expressions (src/cli/expressions.ts) over github, env, vars, secrets, inputs,
 *   needs, steps, job, runner, matrix, strategy, jobs;
 * - `env:` at workflow, job and step level, GITHUB_ENV / GITHUB_PATH between steps;
 * - steps: `uses:` of this repository's actions (org/oasis-actions/…@ref, ./actions/<step>)
 *   run through the same machinery as `oasis run` (src/cli/action-runner.ts), their post
 *   steps at the end of the job; `run:` with bash; any other `uses:` (actions/checkout…) is a
 *   no-op with a note; `if:`, `continue-on-error`, `working-directory`, `timeout-minutes`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { loadAction, packageRoot, type ActionMetadata } from '../../src/cli/action-metadata.js';
import {
  CommandProcessor,
  createStepFiles,
  readStepFiles,
  runAction,
  writeEventFile,
} from '../../src/cli/action-runner.js';
import {
  evaluateCondition,
  interpolate,
  interpolateDeep,
  interpolateText,
  toText,
  type ExpressionContext,
  type Value,
} from '../../src/cli/expressions.js';
import {
  githubContextValue,
  githubEnvironment,
  resolveContext,
  type ContextFlags,
  type RunContext,
} from '../../src/cli/github-context.js';
import { processExec } from '../../src/shared/exec.js';

export type Result = 'success' | 'failure' | 'skipped';

export interface StepRecord {
  id: string;
  name: string;
  outcome: Result;
  conclusion: Result;
  outputs: Record<string, string>;
  summary: string;
  log: string[];
  /** For a third-party action that was not run. */
  note?: string;
}

export interface JobRecord {
  id: string;
  result: Result;
  outputs: Record<string, string>;
  environment?: string;
  steps: StepRecord[];
  /** For a job that called a reusable workflow. */
  workflow?: WorkflowResult;
}

export interface WorkflowResult {
  conclusion: 'success' | 'failure';
  jobs: Record<string, JobRecord>;
  /** Outputs of an `on: workflow_call` workflow. */
  outputs: Record<string, string>;
  /** Every step summary, in order, as the run page shows them. */
  summary: string;
  log: string[];
}

export interface EnvironmentSettings {
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
}

export interface WorkflowRunOptions {
  /** The workflow file to run. */
  workflow: string;
  /** The user's repository checkout: GITHUB_WORKSPACE, and where `./` paths resolve. */
  workspace: string;
  /** The triggering event and its git context (defaults: the workspace's git repository). */
  context?: ContextFlags;
  /** workflow_dispatch / workflow_call inputs. */
  inputs?: Record<string, string | boolean | number>;
  /** Repository-level secrets and variables. */
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** Per deployment environment (`environment:` of a job) vars and secrets. */
  environments?: Record<string, EnvironmentSettings>;
  /** The runner machine's own environment (PATH, DOCKER_HOST, GITHUB_API_URL…). */
  runnerEnv?: NodeJS.ProcessEnv;
  /** The oasis-actions checkout that `org/oasis-actions/…` resolves to (default: this one). */
  actionsRoot?: string;
  /** The owner/name `uses:` of this repository's actions are written with. */
  actionsRepository?: string;
  onLog?: (line: string) => void;
}

interface RunState {
  options: WorkflowRunOptions;
  context: RunContext;
  runnerTemp: string;
  log: string[];
  summaries: string[];
  secretValues: Set<string>;
}

type Doc = Record<string, unknown>;

function asRecord(value: unknown): Doc {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : {};
}

function textMap(value: Value | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(asRecord(value))) out[key] = toText(item as Value);
  return out;
}

/** Orders job ids so that every job comes after the jobs it needs; reports cycles. */
export function orderJobs(jobs: Record<string, Doc>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting')
      throw new Error(`jobs need each other: ${[...path, id].join(' → ')}`);
    if (!jobs[id]) throw new Error(`job '${path[path.length - 1]}' needs unknown job '${id}'`);
    state.set(id, 'visiting');
    for (const need of needsOf(jobs[id])) visit(need, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(jobs)) visit(id, []);
  return order;
}

function needsOf(job: Doc): string[] {
  const needs = job.needs;
  if (needs === undefined) return [];
  return Array.isArray(needs) ? needs.map(String) : [String(needs)];
}

/** The combinations of a `strategy.matrix` (cartesian product, then include/exclude). */
export function expandMatrix(matrix: unknown): Array<Record<string, Value>> {
  const spec = asRecord(matrix);
  const keys = Object.keys(spec).filter((key) => key !== 'include' && key !== 'exclude');
  let combos: Array<Record<string, Value>> = [{}];
  for (const key of keys) {
    const values = Array.isArray(spec[key]) ? (spec[key] as Value[]) : [spec[key] as Value];
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  }
  const matches = (combo: Record<string, Value>, filter: Doc) =>
    Object.entries(filter).every(
      ([key, value]) => JSON.stringify(combo[key]) === JSON.stringify(value),
    );
  const exclude = Array.isArray(spec.exclude) ? (spec.exclude as Doc[]) : [];
  combos = combos.filter((combo) => !exclude.some((filter) => matches(combo, filter)));
  const include = Array.isArray(spec.include) ? (spec.include as Doc[]) : [];
  for (const entry of include) {
    const original = Object.fromEntries(
      Object.entries(entry).filter(([key]) => keys.includes(key)),
    );
    const targets = combos.filter((combo) => keys.length > 0 && matches(combo, original));
    if (targets.length > 0 && Object.keys(original).length > 0) {
      for (const target of targets) Object.assign(target, entry as Record<string, Value>);
    } else {
      combos.push({ ...(entry as Record<string, Value>) });
    }
  }
  if (keys.length === 0 && include.length > 0)
    combos = combos.filter((combo) => Object.keys(combo).length > 0);
  return combos;
}

function loadWorkflow(file: string): Doc {
  const doc = asRecord(yaml.load(readFileSync(file, 'utf8')));
  if (!doc.jobs || typeof doc.jobs !== 'object') throw new Error(`${file}: no jobs`);
  return doc;
}

/** The `on:` section as an object (on: push, on: [push, pull_request] and on: {…} forms). */
function triggers(doc: Doc): Doc {
  const on = doc.on ?? doc.true; // js-yaml reads a bare `on` key as true in YAML 1.1 mode
  if (typeof on === 'string') return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((name) => [String(name), {}]));
  return asRecord(on);
}

/** Typed inputs with their declared defaults (workflow_dispatch or workflow_call). */
function resolveInputs(
  doc: Doc,
  given: Record<string, string | boolean | number>,
): Record<string, Value> {
  const on = triggers(doc);
  const declared = {
    ...asRecord(asRecord(on.workflow_dispatch).inputs),
    ...asRecord(asRecord(on.workflow_call).inputs),
  };
  const inputs: Record<string, Value> = {};
  for (const [name, raw] of Object.entries(declared)) {
    const spec = asRecord(raw);
    const value = given[name] ?? (spec.default as Value | undefined);
    if (value === undefined || value === null) {
      if (spec.required === true) throw new Error(`workflow input '${name}' is required`);
      inputs[name] = spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '';
      continue;
    }
    if (spec.type === 'boolean') inputs[name] = value === true || value === 'true';
    else if (spec.type === 'number') inputs[name] = Number(value);
    else inputs[name] = String(value);
  }
  for (const name of Object.keys(given)) {
    if (!(name in inputs)) throw new Error(`workflow has no input '${name}'`);
  }
  return inputs;
}

export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowResult> {
  const context = await resolveContext(options.context ?? {}, {
    cwd: options.workspace,
    env: options.runnerEnv ?? process.env,
  });
  context.workflow = String(loadWorkflow(options.workflow).name ?? options.workflow);
  const runnerTemp = mkdtempSync(join(tmpdir(), 'oasis-workflow-'));
  const state: RunState = {
    options,
    context,
    runnerTemp,
    log: [],
    summaries: [],
    secretValues: new Set(),
  };
  try {
    return await runWorkflowFile(state, options.workflow, {
      inputs: options.inputs ?? {},
      secrets: options.secrets ?? {},
      workspace: options.workspace,
    });
  } finally {
    rmSync(runnerTemp, { recursive: true, force: true });
  }
}

interface WorkflowCall {
  inputs: Record<string, string | boolean | number>;
  secrets: Record<string, string>;
  workspace: string;
  prefix?: string;
}

async function runWorkflowFile(
  state: RunState,
  file: string,
  call: WorkflowCall,
): Promise<WorkflowResult> {
  const doc = loadWorkflow(file);
  const jobs = asRecord(doc.jobs) as Record<string, Doc>;
  const inputs = resolveInputs(doc, call.inputs);
  const secrets: Record<string, string> = { GITHUB_TOKEN: state.context.token, ...call.secrets };
  for (const value of Object.values(secrets))
    if (value && value.length >= 3) state.secretValues.add(value);
  const records: Record<string, JobRecord> = {};
  // Masks apply to what a step printed, before the job/step prefix is added.
  const log = (line: string) => {
    const prefix = /^\[[^\]]*\] {0,3}/.exec(line)?.[0] ?? '';
    const masked = prefix + maskText(state, line.slice(prefix.length));
    state.log.push(masked);
    state.options.onLog?.(masked);
  };
  for (const id of orderJobs(jobs)) {
    const job = jobs[id];
    const label = `${call.prefix ?? ''}${id}`;
    const needs: Record<string, Value> = {};
    for (const need of needsOf(job)) {
      needs[need] = { result: records[need].result, outputs: records[need].outputs };
    }
    const needResults = needsOf(job).map((need) => records[need].result);
    const status = needResults.includes('failure')
      ? 'failure'
      : needResults.includes('skipped')
        ? 'skipped'
        : 'success';
    const baseContexts = {
      github: githubContextValue(state.context, { job: id }) as Value,
      inputs,
      vars: { ...(state.options.vars ?? {}) },
      secrets,
      needs,
      env: {},
      matrix: {},
      strategy: {},
      runner: { os: 'Linux', arch: 'X64', name: 'oasis-local', temp: state.runnerTemp },
    };
    const jobContext: ExpressionContext = { contexts: baseContexts, status };
    if (!evaluateCondition(job.if, jobContext)) {
      log(`[${label}] skipped (if: ${job.if ?? 'success()'})`);
      records[id] = { id, result: 'skipped', outputs: {}, steps: [] };
      continue;
    }
    const combos = job.strategy
      ? expandMatrix(interpolateDeep(asRecord(job.strategy).matrix, jobContext))
      : [{}];
    let record: JobRecord | undefined;
    for (const matrix of combos.length > 0 ? combos : [{}]) {
      const suffix =
        Object.keys(matrix).length > 0 ? ` (${Object.values(matrix).map(toText).join(', ')})` : '';
      const one = await runJob(
        state,
        doc,
        id,
        job,
        {
          ...baseContexts,
          matrix,
          strategy: { 'fail-fast': true, 'job-total': combos.length },
        },
        `${label}${suffix}`,
        call,
        log,
      );
      // Matrix jobs: a failure of any combination fails the job; outputs of the last one win.
      record = record
        ? {
            ...one,
            result: record.result === 'failure' ? 'failure' : one.result,
            steps: [...record.steps, ...one.steps],
            outputs: { ...record.outputs, ...one.outputs },
          }
        : one;
      if (one.result === 'failure') break;
    }
    records[id] = record!;
  }
  const failed = Object.values(records).some((record) => record.result === 'failure');
  const outputs: Record<string, string> = {};
  const callSpec = asRecord(triggers(doc).workflow_call);
  const jobsContext: Record<string, Value> = {};
  for (const [id, record] of Object.entries(records))
    jobsContext[id] = { result: record.result, outputs: record.outputs };
  for (const [name, spec] of Object.entries(asRecord(callSpec.outputs))) {
    outputs[name] = interpolateText(String(asRecord(spec).value ?? ''), {
      contexts: {
        jobs: jobsContext,
        inputs,
        github: githubContextValue(state.context) as Value,
        vars: {},
      },
    });
  }
  return {
    conclusion: failed ? 'failure' : 'success',
    jobs: records,
    outputs,
    summary: state.summaries.join('\n'),
    log: state.log,
  };
}

function maskText(state: RunState, text: string): string {
  let out = text;
  for (const secret of state.secretValues)
    if (secret.length >= 3) out = out.split(secret).join('***');
  return out;
}

/** Where a step's `uses:` points: one of this repository's actions, or nothing we run. */
export function resolveUses(
  uses: string,
  workspace: string,
  actionsRoot: string,
  actionsRepository = 'org/oasis-actions',
): { dir: string } | { skip: string } {
  if (uses.startsWith('./') || uses.startsWith('../')) return { dir: resolve(workspace, uses) };
  if (uses.startsWith('docker://')) return { skip: 'container actions are not run by this runner' };
  const match = /^([^@]+)@(.+)$/.exec(uses);
  if (!match) return { skip: `'${uses}' is not owner/repo[/path]@ref` };
  const [owner, repo, ...path] = match[1].split('/');
  if (`${owner}/${repo}`.toLowerCase() !== actionsRepository.toLowerCase()) {
    return { skip: `third-party action ${uses} is not run locally (no-op)` };
  }
  const sub = path.join('/');
  if (sub === '') return { dir: actionsRoot };
  if (sub === 'deploy' || sub.startsWith('actions/')) return { dir: join(actionsRoot, sub) };
  return { dir: join(actionsRoot, 'actions', sub) };
}

async function runJob(
  state: RunState,
  doc: Doc,
  id: string,
  job: Doc,
  contexts: Record<string, Value>,
  label: string,
  call: WorkflowCall,
  log: (line: string) => void,
): Promise<JobRecord> {
  const environmentSpec = job.environment;
  const environmentName =
    environmentSpec === undefined
      ? undefined
      : typeof environmentSpec === 'string'
        ? interpolateText(environmentSpec, { contexts })
        : interpolateText(String(asRecord(environmentSpec).name ?? ''), { contexts });
  if (environmentName) {
    const settings = state.options.environments?.[environmentName] ?? {};
    contexts = {
      ...contexts,
      vars: { ...asRecord(contexts.vars), ...(settings.vars ?? {}) } as Value,
      secrets: { ...asRecord(contexts.secrets), ...(settings.secrets ?? {}) } as Value,
    };
    for (const value of Object.values(settings.secrets ?? {}))
      if (value.length >= 3) state.secretValues.add(value);
    log(`[${label}] environment: ${environmentName}`);
  }

  if (typeof job.uses === 'string') {
    return runReusableWorkflowJob(state, id, job, contexts, label, call, log);
  }

  // env: workflow level (with the job's contexts, as the runner evaluates it per job), then job.
  const workflowEnv = textMap(interpolateDeep(doc.env ?? {}, { contexts }));
  const jobEnv = {
    ...workflowEnv,
    ...textMap(interpolateDeep(job.env ?? {}, { contexts: { ...contexts, env: workflowEnv } })),
  };
  const defaults = asRecord(asRecord(job.defaults).run);
  const steps = Array.isArray(job.steps) ? (job.steps as Doc[]) : [];
  const stepsContext: Record<string, Value> = {};
  const records: StepRecord[] = [];
  const addedEnv: Record<string, string> = {};
  const addedPath: string[] = [];
  const posts: Array<{
    action: ActionMetadata;
    stepState: Record<string, string>;
    inputs: Record<string, string>;
    env: Record<string, string>;
    name: string;
  }> = [];
  let jobStatus: 'success' | 'failure' = 'success';
  log(`[${label}] started`);

  const runContext = (workingDirectory?: string): RunContext => ({
    ...state.context,
    job: id,
    workspace: workingDirectory ? resolve(call.workspace, workingDirectory) : call.workspace,
  });

  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    const stepId = step.id ? String(step.id) : `__step${index + 1}`;
    const name = String(
      step.name ?? step.uses ?? (typeof step.run === 'string' ? step.run.split('\n')[0] : stepId),
    );
    const stepContexts = {
      ...contexts,
      env: { ...jobEnv, ...addedEnv },
      steps: stepsContext,
      job: { status: jobStatus },
    };
    const expressionContext: ExpressionContext = { contexts: stepContexts, status: jobStatus };
    if (!evaluateCondition(step.if, expressionContext)) {
      log(`[${label}] ○ ${name} (skipped)`);
      stepsContext[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      records.push({
        id: stepId,
        name,
        outcome: 'skipped',
        conclusion: 'skipped',
        outputs: {},
        summary: '',
        log: [],
      });
      continue;
    }
    const stepEnv = {
      ...jobEnv,
      ...addedEnv,
      ...textMap(interpolateDeep(step.env ?? {}, { contexts: stepContexts, status: jobStatus })),
    };
    const evalContext: ExpressionContext = {
      contexts: { ...stepContexts, env: stepEnv },
      status: jobStatus,
    };
    const timeoutMinutes = Number(step['timeout-minutes'] ?? job['timeout-minutes'] ?? 0);
    const timeoutMs = timeoutMinutes > 0 ? timeoutMinutes * 60_000 : undefined;
    const pathEnv: Record<string, string> =
      addedPath.length > 0
        ? {
            PATH:
              [...addedPath].reverse().join(':') +
              ':' +
              (state.options.runnerEnv?.PATH ?? process.env.PATH ?? ''),
          }
        : {};
    log(`[${label}] ▶ ${name}`);
    const stepLog: string[] = [];
    const onLog = (line: string) => {
      stepLog.push(line);
      log(`[${label}]   ${line}`);
    };
    let outcome: Result;
    let outputs: Record<string, string> = {};
    let summary = '';
    let note: string | undefined;
    try {
      if (typeof step.uses === 'string') {
        const target = resolveUses(
          interpolateText(step.uses, evalContext),
          call.workspace,
          state.options.actionsRoot ?? packageRoot(),
          state.options.actionsRepository,
        );
        if ('skip' in target) {
          note = target.skip;
          onLog(`note: ${target.skip}`);
          outcome = 'success';
        } else {
          const action = loadAction(target.dir);
          const inputs = textMap(interpolateDeep(step.with ?? {}, evalContext));
          const result = await runAction({
            action,
            inputs,
            context: runContext(),
            runnerTemp: state.runnerTemp,
            env: { ...stepEnv, ...pathEnv },
            baseEnv: state.options.runnerEnv ?? process.env,
            secrets: [...state.secretValues],
            expressionContexts: { ...evalContext.contexts },
            stepId,
            onLog,
            timeoutMs,
          });
          for (const name of result.unexpectedInputs) {
            onLog(
              `Warning: unexpected input '${name}', valid inputs are ${Object.keys(action.inputs).join(', ')}`,
            );
          }
          for (const value of result.masks) state.secretValues.add(value);
          outputs = result.outputs;
          summary = result.summary;
          Object.assign(addedEnv, result.env);
          addedPath.push(...result.path);
          if (action.runs.post)
            posts.push({ action, stepState: result.state, inputs, env: stepEnv, name });
          outcome = result.exitCode === 0 ? 'success' : 'failure';
        }
      } else if (typeof step.run === 'string') {
        const script = interpolateText(step.run, evalContext);
        const workingDirectory = step['working-directory'] ?? defaults['working-directory'];
        const result = await runScript(state, {
          script,
          shell: String(step.shell ?? defaults.shell ?? 'bash'),
          context: runContext(
            workingDirectory ? interpolateText(String(workingDirectory), evalContext) : undefined,
          ),
          env: { ...stepEnv, ...pathEnv },
          onLog,
          timeoutMs,
        });
        outputs = result.outputs;
        summary = result.summary;
        Object.assign(addedEnv, result.env);
        addedPath.push(...result.path);
        outcome = result.exitCode === 0 ? 'success' : 'failure';
        if (result.exitCode !== 0)
          onLog(`Error: Process completed with exit code ${result.exitCode}.`);
      } else {
        throw new Error(`step '${name}' has neither uses nor run`);
      }
    } catch (error) {
      onLog(`Error: ${(error as Error).message}`);
      outcome = 'failure';
    }
    const coe = step['continue-on-error'];
    const continueOnError =
      coe === true || (typeof coe === 'string' && toText(interpolate(coe, evalContext)) === 'true');
    const conclusion: Result = outcome === 'failure' && continueOnError ? 'success' : outcome;
    if (conclusion === 'failure') jobStatus = 'failure';
    stepsContext[stepId] = { outputs, outcome, conclusion };
    if (summary.trim()) state.summaries.push(summary);
    records.push({ id: stepId, name, outcome, conclusion, outputs, summary, log: stepLog, note });
    log(`[${label}] ${outcome === 'success' ? '✓' : '✗'} ${name}`);
  }

  // Post steps, in reverse order, with `post-if` (default always()).
  for (const post of posts.reverse()) {
    const condition = post.action.runs['post-if'] ?? 'always()';
    if (
      !evaluateCondition(condition, {
        contexts: { ...contexts, steps: stepsContext, job: { status: jobStatus } },
        status: jobStatus,
      })
    )
      continue;
    log(`[${label}] ▶ Post ${post.name}`);
    const result = await runAction({
      action: post.action,
      inputs: post.inputs,
      context: runContext(),
      runnerTemp: state.runnerTemp,
      env: post.env,
      baseEnv: state.options.runnerEnv ?? process.env,
      secrets: [...state.secretValues],
      phase: 'post',
      state: post.stepState,
      onLog: (line) => log(`[${label}]   ${line}`),
    });
    if (result.exitCode !== 0) jobStatus = 'failure';
  }

  const outputs = textMap(
    interpolateDeep(job.outputs ?? {}, {
      contexts: { ...contexts, env: jobEnv, steps: stepsContext, job: { status: jobStatus } },
      status: jobStatus,
    }),
  );
  log(`[${label}] ${jobStatus === 'success' ? 'succeeded' : 'failed'}`);
  return { id, result: jobStatus, outputs, environment: environmentName, steps: records };
}

async function runReusableWorkflowJob(
  state: RunState,
  id: string,
  job: Doc,
  contexts: Record<string, Value>,
  label: string,
  call: WorkflowCall,
  log: (line: string) => void,
): Promise<JobRecord> {
  const uses = interpolateText(String(job.uses), { contexts });
  const actionsRoot = state.options.actionsRoot ?? packageRoot();
  const repository = (state.options.actionsRepository ?? 'org/oasis-actions').toLowerCase();
  let file: string;
  if (uses.startsWith('./')) file = resolve(call.workspace, uses);
  else {
    const match = /^([^/]+\/[^/]+)\/(.+)@(.+)$/.exec(uses);
    if (!match || match[1].toLowerCase() !== repository) {
      throw new Error(`job '${id}': reusable workflow ${uses} is not one this runner can run`);
    }
    file = join(actionsRoot, match[2]);
  }
  const inputs: Record<string, string | boolean | number> = {};
  for (const [name, value] of Object.entries(
    asRecord(interpolateDeep(job.with ?? {}, { contexts })),
  )) {
    inputs[name] =
      typeof value === 'boolean' || typeof value === 'number' ? value : toText(value as Value);
  }
  const secrets: Record<string, string> =
    job.secrets === 'inherit'
      ? textMap(contexts.secrets)
      : textMap(interpolateDeep(job.secrets ?? {}, { contexts }));
  log(`[${label}] calls ${uses}`);
  const result = await runWorkflowFile(state, file, {
    inputs,
    secrets,
    workspace: call.workspace,
    prefix: `${label} / `,
  });
  return {
    id,
    result: result.conclusion,
    outputs: result.outputs,
    steps: [],
    workflow: result,
  };
}

interface ScriptOptions {
  script: string;
  shell: string;
  context: RunContext;
  env: Record<string, string>;
  onLog: (line: string) => void;
  timeoutMs?: number;
}

/** A `run:` step: the script in a temp file, run by bash (or sh) with the step's environment. */
async function runScript(state: RunState, options: ScriptOptions) {
  const files = createStepFiles(state.runnerTemp);
  const eventPath = writeEventFile(state.runnerTemp, options.context.event);
  const dir = join(state.runnerTemp, '_scripts');
  mkdirSync(dir, { recursive: true });
  const scriptFile = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(scriptFile, options.script, { mode: 0o700 });
  const [program, args] =
    options.shell === 'bash'
      ? ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile]]
      : options.shell === 'sh'
        ? ['sh', ['-e', scriptFile]]
        : (() => {
            // A custom shell: `command {0}` with the script file substituted.
            const parts = options.shell.split(/\s+/).map((part) => part.replace('{0}', scriptFile));
            if (!options.shell.includes('{0}')) parts.push(scriptFile);
            return [parts[0], parts.slice(1)];
          })();
  const processor = new CommandProcessor({
    secrets: [...state.secretValues],
    onLog: (line) => options.onLog(line),
  });
  const base = { ...(state.options.runnerEnv ?? process.env) };
  for (const key of Object.keys(base)) if (key.startsWith('INPUT_')) delete base[key];
  const cwd = isAbsolute(options.context.workspace)
    ? options.context.workspace
    : resolve(options.context.workspace);
  mkdirSync(cwd, { recursive: true });
  const result = await processExec.run(program as string, args as string[], {
    cwd,
    env: {
      ...base,
      ...githubEnvironment(options.context, eventPath, state.runnerTemp),
      ...options.env,
      ...files,
    },
    onLine: processor.onLine,
    secrets: processor.maskList(),
    timeoutMs: options.timeoutMs,
  });
  for (const value of processor.maskList()) state.secretValues.add(value);
  const read = readStepFiles(files, processor.maskList());
  return {
    exitCode: result.code,
    ...read,
    outputs: { ...processor.legacyOutputs, ...read.outputs },
  };
}
