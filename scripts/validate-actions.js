#!/usr/bin/env node
// Validates every action.yml and .github/workflows/*.yml against the published schemas
// (SchemaStore's github-action and github-workflow, as bundled by @action-validator/core), plus
// this repository's own rules: node24 JavaScript actions run ../../dist/<step>/index.js, every
// input and output is described, and `uses: ./…` steps in workflows pass only declared inputs
// and every required one. Exits 1 with one line per problem.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { actionFiles, readAction, root, workflowFiles } from './action-metadata.js';

const require = createRequire(import.meta.url);
const { validateAction, validateWorkflow } = require('@action-validator/core');

// The bundled action schema predates the node24 runtime: check the rest of the file against it
// with node20 in its place (the runtime itself is checked below).
const NEWER_NODE = /^(\s*using:\s*['"]?)node24(['"]?\s*(#.*)?)$/m;

function flatten(errors, out = []) {
  for (const error of errors ?? []) {
    if (error.states?.length) {
      // oneOf: report the alternative that came closest (fewest errors).
      const best = [...error.states].sort((a, b) => a.errors.length - b.errors.length)[0];
      flatten(best.errors, out);
    } else {
      const where = error.path ?? (error.location ? `line ${error.location.line}` : '');
      out.push(`${where}: ${error.title}${error.detail ? ` (${error.detail})` : ''}`);
    }
  }
  return out;
}

/** Every problem in the action and workflow files under `dir`, as `file: message` lines. */
export function validateRepository(dir = root) {
  const problems = [];
  const report = (file, message) => problems.push(`${file}: ${message}`);
  const actions = new Map();

  for (const file of actionFiles(dir)) {
    const { text, data } = readAction(file, dir);
    actions.set(dirname(file), data);
    for (const message of flatten(validateAction(text.replace(NEWER_NODE, '$1node20$2')).errors)) {
      report(file, message);
    }
    for (const [kind, entries] of [
      ['input', data.inputs],
      ['output', data.outputs],
    ]) {
      for (const [name, entry] of Object.entries(entries ?? {})) {
        if (!entry?.description) report(file, `${kind} '${name}' has no description`);
      }
    }
    const step = /^actions\/([^/]+)\//.exec(file)?.[1];
    if (step && data.runs?.using !== 'composite') {
      if (data.runs?.using !== 'node24') {
        report(file, `runs.using is '${data.runs?.using}', expected node24`);
      }
      const main = `../../dist/${step}/index.js`;
      if (data.runs?.main !== main) {
        report(file, `runs.main is '${data.runs?.main}', expected '${main}'`);
      } else if (!existsSync(join(dir, 'dist', step, 'index.js'))) {
        report(
          file,
          `dist/${step}/index.js does not exist: run \`npm run build\` and commit dist/`,
        );
      }
    }
  }

  for (const file of workflowFiles(dir)) {
    const { text, data } = readAction(file, dir);
    for (const message of flatten(validateWorkflow(text).errors)) report(file, message);
    for (const [jobName, job] of Object.entries(data?.jobs ?? {})) {
      for (const [index, step] of (job?.steps ?? []).entries()) {
        const uses = typeof step?.uses === 'string' ? step.uses : '';
        if (!uses.startsWith('./')) continue;
        const where = `jobs.${jobName}.steps[${index}] (${uses})`;
        const target = uses.replace(/^\.\//, '').replace(/\/$/, '');
        const action = actions.get(target);
        if (!action) {
          if (!existsSync(join(dir, target, 'action.yml'))) {
            report(file, `${where}: no action.yml at ${target}`);
          }
          continue;
        }
        const given = Object.keys(step.with ?? {});
        for (const name of given) {
          if (!(name in (action.inputs ?? {}))) {
            report(file, `${where}: input '${name}' is not declared by the action`);
          }
        }
        for (const [name, input] of Object.entries(action.inputs ?? {})) {
          if (input?.required && input.default === undefined && !given.includes(name)) {
            report(file, `${where}: required input '${name}' is missing`);
          }
        }
      }
    }
  }
  return { problems, actions: actionFiles(dir).length, workflows: workflowFiles(dir).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { problems, actions, workflows } = validateRepository();
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`validate: ${problems.length} problem(s) in ${actions + workflows} files`);
    process.exit(1);
  }
  console.log(`validate: ${actions} actions and ${workflows} workflows are valid`);
}
