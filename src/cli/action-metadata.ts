/** An action's metadata file (action.yml): its inputs, outputs and how it runs. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { UserError } from '../shared/errors.js';

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
  deprecationMessage?: string;
}

export interface ActionMetadata {
  name: string;
  /** Folder holding action.yml; `runs.main` is relative to it. */
  dir: string;
  file: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; pre?: string; post?: string; 'post-if'?: string };
}

/** The oasis-actions checkout this code runs from (the folder with package.json). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'actions'))) return dir;
    dir = dirname(dir);
  }
  // src/cli/*.ts and dist/cli/index.js are both two levels below the root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/**
 * Where a step's action.yml lives: `deploy` → deploy/, `.`/`oasis` → the root action.yml,
 * anything else → actions/<step>/.
 */
export function actionDirFor(step: string, root = packageRoot()): string {
  if (step === '.' || step === 'oasis' || step === 'oasis-actions') return root;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(step)) {
    throw new UserError(`'${step}' is not an action name (letters, digits and dashes)`);
  }
  if (step === 'deploy') return join(root, 'deploy');
  return join(root, 'actions', step);
}

/** The names `oasis run` accepts: every actions/<step> plus deploy when it exists. */
export function availableSteps(root = packageRoot()): string[] {
  const steps: string[] = [];
  const actions = join(root, 'actions');
  for (const entry of existsSync(actions) ? readdirSync(actions) : []) {
    if (existsSync(join(actions, entry, 'action.yml'))) steps.push(entry);
  }
  if (existsSync(join(root, 'deploy', 'action.yml'))) steps.push('deploy');
  return steps.sort();
}

export function loadAction(dir: string): ActionMetadata {
  const file = ['action.yml', 'action.yaml']
    .map((name) => join(dir, name))
    .find((path) => existsSync(path));
  if (!file) throw new UserError(`no action.yml in ${dir}`);
  let data: unknown;
  try {
    data = yaml.load(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!data || typeof data !== 'object') throw new UserError(`${file}: not an action definition`);
  const doc = data as Record<string, unknown>;
  const runs = doc.runs as ActionMetadata['runs'] | undefined;
  if (!runs || typeof runs.main !== 'string' || !/^node\d+$/.test(String(runs.using))) {
    throw new UserError(
      `${file}: only JavaScript actions (runs.using: nodeNN, runs.main) run here`,
    );
  }
  const inputs: Record<string, ActionInput> = {};
  for (const [name, spec] of Object.entries((doc.inputs as object) ?? {})) {
    const input = (spec ?? {}) as Record<string, unknown>;
    inputs[name] = {
      description: input.description as string | undefined,
      required: input.required === true || input.required === 'true',
      default:
        input.default === undefined || input.default === null ? undefined : String(input.default),
      deprecationMessage: input.deprecationMessage as string | undefined,
    };
  }
  return {
    name: String(doc.name ?? dir),
    dir,
    file,
    inputs,
    outputs: (doc.outputs as ActionMetadata['outputs']) ?? {},
    runs,
  };
}
