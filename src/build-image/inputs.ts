import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as core from '@actions/core';
import { ConfigError, quote } from '../shared/errors.js';
import { envInputs, InputReader, type InputSource } from '../shared/inputs.js';
import { parseImageRef } from '../shared/image-ref.js';
import {
  DEFAULT_TAG_RULES,
  parseFlavor,
  parseTagRule,
  type Flavor,
  type TagRule,
} from './image-tags.js';

export interface ImageName {
  /** `registry/repository` as pushed (lowercased), e.g. `ghcr.io/org/api`. */
  name: string;
  /** Registry host (with port); undefined means Docker Hub. */
  registry?: string;
  repository: string;
}

/** Everything build-image needs, read and validated once. */
export interface BuildImageConfig {
  /** Absolute path of the build context (inside the workspace). */
  context: string;
  /** Absolute path of the Dockerfile (inside the workspace). */
  file: string;
  /** Where relative paths start and what the context and Dockerfile must stay inside. */
  workspace: string;
  images: ImageName[];
  tagRules: TagRule[];
  flavor: Flavor;
  /** Extra labels; they override the computed OCI labels. */
  labels: Record<string, string>;
  buildArgs: Array<{ key: string; value: string }>;
  /** BuildKit secrets by id (values masked; written to 0600 temp files, never in args). */
  secrets: Array<{ id: string; value: string }>;
  /** BuildKit secrets from files: id → path. */
  secretFiles: Array<{ id: string; path: string }>;
  target?: string;
  platforms: string[];
  /** RUN network: undefined (the builder's default), none, or host. */
  network?: 'none' | 'host';
  cacheFrom: string[];
  cacheTo: string[];
  /** auto = push unless the event is a pull request. */
  push: 'auto' | boolean;
  /** Login target (defaults to the first image's registry) and credentials; none = ambient login. */
  login?: { registry: string; username: string; password: string };
  /** Extra push attempts after the first, on 429, 5xx and dropped connections. */
  pushRetries: number;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

function inside(workspace: string, path: string): boolean {
  const rel = relative(workspace, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realInside(workspace: string, path: string): boolean {
  try {
    return inside(realpathSync(workspace), realpathSync(path));
  } catch {
    return inside(workspace, path);
  }
}

function parseImageName(value: string): ImageName {
  const lowered = value.trim().toLowerCase();
  const ref = parseImageRef(lowered);
  if (!ref) {
    throw new ConfigError(
      'images',
      `${quote(value)} is not a valid image name; use [registry/]repository, e.g. ghcr.io/org/api`,
    );
  }
  if (ref.tag || ref.digest) {
    throw new ConfigError(
      'images',
      `${quote(value)} has a tag or digest; give names only, tags come from the 'tags' rules`,
    );
  }
  return { name: ref.name, registry: ref.registry, repository: ref.repository };
}

export function getInputs(
  source: InputSource = envInputs,
  env: NodeJS.ProcessEnv = process.env,
): BuildImageConfig {
  const reader = new InputReader(source);
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());

  const imageLines = reader.list('images');
  if (imageLines.length === 0) {
    throw new ConfigError(
      'images',
      'is required: give one or more image names, e.g. ghcr.io/org/api',
    );
  }
  const images = imageLines.map(parseImageName);

  const contextInput = reader.string('context', { default: '.' });
  const context = resolve(workspace, contextInput);
  if (/^[a-z]+:\/\//i.test(contextInput)) {
    throw new ConfigError(
      'context',
      `${quote(contextInput)}: remote contexts are not supported; check out the repository and give a directory`,
    );
  }
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new ConfigError(
      'context',
      `${quote(contextInput)} is not a directory (resolved to ${context})`,
    );
  }
  if (!realInside(workspace, context)) {
    throw new ConfigError(
      'context',
      `${quote(contextInput)} is outside the workspace ${workspace}`,
    );
  }
  const fileInput = reader.string('file');
  const file = fileInput ? resolve(workspace, fileInput) : join(context, 'Dockerfile');
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new ConfigError(
      'file',
      `${quote(fileInput || relative(workspace, file))} does not exist (resolved to ${file}); give the Dockerfile's path relative to the workspace`,
    );
  }
  if (!realInside(workspace, file)) {
    throw new ConfigError('file', `${quote(fileInput)} is outside the workspace ${workspace}`);
  }

  const tagLines = reader.list('tags', { separator: 'newline' });
  const tagRules = (tagLines.length > 0 ? tagLines : DEFAULT_TAG_RULES).map((line) =>
    parseTagRule(line),
  );
  const flavor = parseFlavor(reader.pairs('flavor', { separator: 'comma-or-newline' }));

  const labels: Record<string, string> = {};
  for (const { key, value } of reader.pairs('labels')) labels[key] = value;

  const buildArgs = reader.pairs('build-args');
  for (const { key } of buildArgs) {
    if (!BUILD_ARG.test(key)) {
      throw new ConfigError(
        'build-args',
        `${quote(key)} is not a valid build argument name ([A-Za-z_][A-Za-z0-9_]*)`,
      );
    }
  }

  // Secrets: read as secret (masked as a whole), then each value masked on its own.
  const secretText = reader.secret('secrets');
  const secrets: Array<{ id: string; value: string }> = [];
  for (const line of secretText.split(/\r?\n/)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const at = line.indexOf('=');
    const id = at > 0 ? line.slice(0, at).trim() : '';
    if (!SECRET_ID.test(id)) {
      throw new ConfigError(
        'secrets',
        `each line must be id=value with an id of [A-Za-z0-9_.-] (value not shown)`,
      );
    }
    const value = line.slice(at + 1);
    if (value.trim()) core.setSecret(value.trim());
    secrets.push({ id, value });
  }
  const secretFiles = reader.pairs('secret-files').map(({ key, value }) => {
    if (!SECRET_ID.test(key))
      throw new ConfigError('secret-files', `${quote(key)} is not a valid secret id`);
    const path = resolve(workspace, value);
    if (!existsSync(path)) throw new ConfigError('secret-files', `${quote(value)} does not exist`);
    return { id: key, path };
  });

  const target = reader.string('target') || undefined;
  const platforms = reader.list('platforms');
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) {
      throw new ConfigError(
        'platforms',
        `${quote(platform)} is not a platform like linux/amd64 or linux/arm64/v8`,
      );
    }
  }
  const networkValue = reader.oneOf('network', ['default', 'none', 'host'] as const, 'default');
  const network = networkValue === 'default' ? undefined : networkValue;

  const pushText = reader.oneOf('push', ['auto', 'true', 'false'] as const, 'auto');
  const push = pushText === 'auto' ? 'auto' : pushText === 'true';

  const registryInput = reader.string('registry');
  if (/\s|\//.test(registryInput)) {
    throw new ConfigError(
      'registry',
      `${quote(registryInput)} is not a registry host such as ghcr.io or 127.0.0.1:5000`,
    );
  }
  const username = reader.string('username');
  const password = reader.secret('password');
  let login: BuildImageConfig['login'];
  if (username || password) {
    if (!username) throw new ConfigError('username', "is required when 'password' is given");
    if (!password) throw new ConfigError('password', "is required when 'username' is given");
    login = { registry: registryInput || images[0].registry || 'docker.io', username, password };
  } else if (registryInput) {
    throw new ConfigError(
      'registry',
      "is only used to log in: give 'username' and 'password' too, or leave it out when an earlier step logged in",
    );
  }
  const pushRetries = reader.integer('push-retries', { default: 4, min: 0, max: 10 });

  return {
    context,
    file,
    workspace,
    images,
    tagRules,
    flavor,
    labels,
    buildArgs,
    secrets,
    secretFiles,
    target,
    platforms,
    network,
    cacheFrom: reader.list('cache-from', { separator: 'newline' }),
    cacheTo: reader.list('cache-to', { separator: 'newline' }),
    push,
    login,
    pushRetries,
  };
}
