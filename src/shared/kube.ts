/**
 * Kubeconfig loading shared by the steps that talk to a cluster (k8s-rollout,
 * post-deploy-verify's kubernetes checks).
 *
 * Either the kubeconfig CONTENT comes from an input (a secret: masked, written 0600 under
 * RUNNER_TEMP for the lifetime of the step and removed by `dispose()`), or the ambient
 * configuration is used (KUBECONFIG, then ~/.kube/config), as kubectl does.
 * `@kubernetes/client-node` is loaded lazily so that the action's cold start stays light.
 */
import * as core from '@actions/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError, errorMessage, quote } from './errors.js';

export interface KubeConfigOptions {
  /** Kubeconfig YAML content (already masked by the input reader), or '' for the ambient one. */
  content?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
  /** Where the temporary kubeconfig goes; defaults to RUNNER_TEMP, then the OS temp dir. */
  tempRoot?: string;
  /** Environment to read KUBECONFIG from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  /** Path of the kubeconfig file in use (the temp file, or the ambient file when known). */
  path?: string;
  /** The context in use. */
  context: string;
  /** API server URL of the context's cluster. */
  server: string;
  /** Every credential found in the file (tokens, passwords, keys): redact these in captured text. */
  secrets: string[];
  /** Removes the temporary file (safe to call twice). */
  dispose(): void;
}

/** Loads and validates a kubeconfig; every failure is a UserError that never quotes credentials. */
export async function loadKubeConfig(options: KubeConfigOptions = {}): Promise<LoadedKubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  const env = options.env ?? process.env;
  let tempDir: string | undefined;
  let path: string | undefined;
  const dispose = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  };
  try {
    if (options.content) {
      const root = options.tempRoot ?? env.RUNNER_TEMP ?? tmpdir();
      tempDir = mkdtempSync(join(root, 'kubeconfig-'));
      path = join(tempDir, 'config');
      writeFileSync(path, options.content, { mode: 0o600 });
      try {
        kubeConfig.loadFromFile(path);
      } catch (error) {
        throw new UserError(
          `input 'kubeconfig': the content is not a valid kubeconfig (${describeParseError(error)}); ` +
            'pass the whole file, e.g. `kubeconfig: ${{ secrets.KUBECONFIG }}`',
        );
      }
    } else {
      const ambient = env.KUBECONFIG;
      try {
        if (ambient) {
          path = ambient.split(process.platform === 'win32' ? ';' : ':')[0];
          const previous = process.env.KUBECONFIG;
          process.env.KUBECONFIG = ambient;
          try {
            kubeConfig.loadFromDefault();
          } finally {
            if (previous === undefined) delete process.env.KUBECONFIG;
            else process.env.KUBECONFIG = previous;
          }
        } else {
          kubeConfig.loadFromDefault();
        }
      } catch (error) {
        throw new UserError(
          `the kubeconfig at ${quote(ambient ?? '~/.kube/config')} could not be read: ${describeParseError(error)}`,
        );
      }
    }
    const secrets = collectSecrets(kubeConfig);
    for (const secret of secrets) core.setSecret(secret);
    if (kubeConfig.contexts.length === 0) {
      throw new UserError(
        options.content
          ? "input 'kubeconfig': the kubeconfig has no contexts; pass a complete kubeconfig file"
          : "no kubeconfig found: set the 'kubeconfig' input or the KUBECONFIG environment variable",
      );
    }
    if (options.context) {
      if (!kubeConfig.contexts.some((context) => context.name === options.context)) {
        const names = kubeConfig.contexts.map((context) => context.name).join(', ');
        throw new UserError(
          `input 'context': ${quote(options.context)} is not a context of the kubeconfig; it has: ${names}`,
        );
      }
      kubeConfig.setCurrentContext(options.context);
    }
    const context = kubeConfig.getCurrentContext();
    if (!context || !kubeConfig.getContextObject(context)) {
      const names = kubeConfig.contexts.map((entry) => entry.name).join(', ');
      throw new UserError(
        `the kubeconfig has no current-context; set the 'context' input to one of: ${names}`,
      );
    }
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster?.server) {
      throw new UserError(
        `the kubeconfig context ${quote(context)} names no cluster with a server`,
      );
    }
    return { kubeConfig, path, context, server: cluster.server, secrets, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

function collectSecrets(kubeConfig: KubeConfig): string[] {
  const found: string[] = [];
  for (const user of kubeConfig.users) {
    for (const value of [user.token, user.password, user.keyData]) {
      if (value && value.length >= 3) found.push(value);
    }
  }
  return found;
}

function describeParseError(error: unknown): string {
  // js-yaml messages quote the offending text, which may be a credential: keep the first line only
  // and cut any snippet.
  const message = errorMessage(error).split('\n')[0];
  return message.replace(/\s*\(\d+:\d+\)$/, '').slice(0, 160);
}

/** An HTTP error from the API server, as thrown by @kubernetes/client-node. */
export interface KubeApiFailure {
  code: number;
  reason?: string;
  message?: string;
}

/** Reads the status code and the API server's Status message out of a client-node error. */
export function kubeApiFailure(error: unknown): KubeApiFailure | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = error as { code?: unknown; statusCode?: unknown; body?: unknown };
  const code =
    typeof candidate.code === 'number'
      ? candidate.code
      : typeof candidate.statusCode === 'number'
        ? candidate.statusCode
        : undefined;
  if (code === undefined) return undefined;
  let body = candidate.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = { message: body };
    }
  }
  const status = (body ?? {}) as { reason?: string; message?: string };
  return { code, reason: status.reason, message: status.message };
}

/**
 * A sentence for an API failure naming the verb and the resource, e.g.
 * `forbidden: cannot patch deployments/api in namespace shop (HTTP 403): …`.
 */
export function describeKubeFailure(
  error: unknown,
  verb: string,
  resource: string,
  namespace?: string,
): string {
  const failure = kubeApiFailure(error);
  const where = namespace ? ` in namespace ${namespace}` : '';
  if (!failure) return `cannot ${verb} ${resource}${where}: ${errorMessage(error)}`;
  const detail = failure.message ? `: ${failure.message}` : '';
  switch (failure.code) {
    case 401:
      return `unauthorized: the API server rejected the credentials while trying to ${verb} ${resource}${where} (HTTP 401); check the kubeconfig's token or certificate`;
    case 403:
      return `forbidden: not allowed to ${verb} ${resource}${where} (HTTP 403)${detail}; grant the deploying identity RBAC '${verb}' on it`;
    case 404:
      return `not found: cannot ${verb} ${resource}${where} (HTTP 404)${detail}`;
    default:
      return `cannot ${verb} ${resource}${where} (HTTP ${failure.code})${detail}`;
  }
}
