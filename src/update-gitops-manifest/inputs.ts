import { ConfigError, quote } from '../shared/errors.js';
import { canonicalName, isDigest, isValidTag, parseImageRef } from '../shared/image-ref.js';
import { envInputs, InputReader, type InputSource } from '../shared/inputs.js';
import { parseKeyPath } from '../shared/key-path.js';
import type { ImageUpdate } from './image-edits.js';
import type { ValueUpdate } from './value-edits.js';

export type Mode = 'push' | 'pull-request' | 'dry-run';

export interface TargetRepository {
  /** URL git fetches from and pushes to (never with credentials in it). */
  url: string;
  /** owner and name when known (owner/name input or a GitHub-style URL): pull requests need them. */
  owner?: string;
  name?: string;
  /** For messages: `owner/name` or the URL. */
  display: string;
}

/** Everything update-gitops-manifest needs, read and validated once. */
export interface UpdateGitopsManifestConfig {
  /** The repository to update; undefined = the `origin` of the checkout at `path`. */
  repository?: TargetRepository;
  /** Branch to update; undefined = the repository's default branch. */
  branch?: string;
  /** Token for git over HTTPS and the GitHub API (masked). '' for local/file repositories. */
  token: string;
  /** An existing checkout of the repository to work in, instead of a fresh clone. */
  path?: string;
  images: ImageUpdate[];
  /** `set` and `helm-values` requests, in the order given. */
  values: ValueUpdate[];
  /** Globs limiting where images are looked for (`!glob` excludes). */
  files: string[];
  commit: {
    /** Template with {image} {ref} {changes} {source-repository} {sha} {short-sha} {run-url}. */
    message: string;
    author: { name: string; email: string };
    /** `Key: value` trailers appended to the message. */
    trailers: string[];
  };
  mode: Mode;
  pullRequest: {
    /** Head branch; undefined = derived from the base branch and what is changed. */
    branch?: string;
    title: string;
    body: string;
    labels: string[];
    reviewers: string[];
    teamReviewers: string[];
  };
  /** Overall deadline of the push loop, milliseconds. */
  timeoutMs: number;
  maxAttempts: number;
  maxFileSize: number;
  maxExpandedNodes: number;
  /** The run this update comes from, for the commit message and summary. */
  source: { repository: string; sha: string; runUrl: string; serverUrl: string };
}

export const DEFAULT_MESSAGE =
  'Deploy {changes}\n\nSource: {source-repository}@{short-sha}\nRun: {run-url}';
const DEFAULT_AUTHOR = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export function parseRepository(
  value: string,
  env: NodeJS.ProcessEnv = process.env,
): TargetRepository {
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const slug = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(\.git)?$/.exec(value);
  if (slug && !value.includes(':')) {
    return {
      url: `${serverUrl}/${slug[1]}/${slug[2]}.git`,
      owner: slug[1],
      name: slug[2],
      display: `${slug[1]}/${slug[2]}`,
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      'repository',
      `${quote(value)} is neither owner/name nor a URL (https://…, file://…)`,
    );
  }
  if (!['https:', 'http:', 'file:', 'ssh:'].includes(url.protocol)) {
    throw new ConfigError('repository', `${quote(value)}: use an https://, file:// or ssh:// URL`);
  }
  if (url.password || (url.username && url.protocol !== 'ssh:')) {
    throw new ConfigError(
      'repository',
      'the URL carries credentials (user:password@); remove them and pass the token in input token',
    );
  }
  const parts = url.pathname
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  const github = url.protocol.startsWith('http') && parts.length >= 2;
  return {
    url: value,
    owner: github ? parts[parts.length - 2] : undefined,
    name: github ? parts[parts.length - 1] : undefined,
    display: github ? `${parts[parts.length - 2]}/${parts[parts.length - 1]}` : value,
  };
}

/** `name=ref` (ref: tag, sha256 digest, or a full reference) or just a full reference. */
export function parseImageLine(line: string): ImageUpdate {
  const at = line.indexOf('=');
  const name = (at >= 0 ? line.slice(0, at) : line).trim();
  const refText = (at >= 0 ? line.slice(at + 1) : line).trim();
  const fail = (problem: string) => new ConfigError('images', `${quote(line)}: ${problem}`);
  const nameRef = parseImageRef(at >= 0 ? name : (parseImageRef(refText)?.name ?? ''));
  if (!nameRef) {
    throw fail(
      at >= 0
        ? `'${name}' is not an image name; write name=ref, e.g. ghcr.io/acme/api=v1.2.3`
        : 'is not name=ref nor a full image reference (registry/name:tag or name@sha256:…)',
    );
  }
  if (at >= 0 && (nameRef.tag || nameRef.digest)) {
    throw fail(`the name '${name}' must not carry a tag or digest; put those after '='`);
  }
  if (refText === '') throw fail('has no reference after =');
  const update: ImageUpdate = {
    name: nameRef.name,
    canonical: canonicalName(nameRef),
    ref: refText,
  };
  const tagAndDigest = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)@(sha256:[a-f0-9]{64})$/.exec(refText);
  if (refText.startsWith('sha256:') && !isDigest(refText)) {
    throw fail(`'${refText}' is not a sha256 digest (sha256: and 64 hex digits)`);
  }
  if (isDigest(refText)) {
    update.digest = refText;
  } else if (at >= 0 && tagAndDigest && !tagAndDigest[1].includes('/')) {
    update.tag = tagAndDigest[1];
    update.digest = tagAndDigest[2];
  } else if (at >= 0 && !/[/:@]/.test(refText)) {
    if (!isValidTag(refText)) throw fail(`'${refText}' is not a valid tag`);
    update.tag = refText;
  } else {
    const ref = parseImageRef(refText);
    if (!ref) {
      throw fail(
        `'${refText}' is not a tag, a sha256:… digest, or an image reference (name:tag, name@sha256:…)`,
      );
    }
    if (!ref.tag && !ref.digest) {
      throw fail(`'${refText}' names an image but no tag or digest to deploy`);
    }
    update.tag = ref.tag;
    update.digest = ref.digest;
    if (canonicalName(ref) !== update.canonical) {
      update.newName = ref.name;
      update.newCanonical = canonicalName(ref);
    }
  }
  return update;
}

/** `file:key.path=value`. */
export function parseValueLine(input: 'set' | 'helm-values', line: string): ValueUpdate {
  const colon = line.indexOf(':');
  const fail = (problem: string) => new ConfigError(input, `${quote(line)}: ${problem}`);
  if (colon <= 0)
    throw fail('is not of the form file:key.path=value, e.g. values.yaml:image.tag=v2');
  const file = line.slice(0, colon).trim();
  const rest = line.slice(colon + 1);
  // the key ends at the first '=' outside quotes
  let quoteChar = '';
  let eq = -1;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (quoteChar) {
      if (c === quoteChar) quoteChar = '';
    } else if (c === '"' || c === "'") quoteChar = c;
    else if (c === '=') {
      eq = i;
      break;
    }
  }
  if (eq < 0) throw fail('has no =value; write file:key.path=value');
  const keyText = rest.slice(0, eq).trim();
  const value = rest.slice(eq + 1).trim();
  if (!/\.ya?ml$/i.test(file)) throw fail(`'${file}' is not a .yaml or .yml file`);
  let path;
  try {
    path = parseKeyPath(keyText);
  } catch (error) {
    throw fail((error as Error).message);
  }
  return { input, file, path, value };
}

/** A branch name git accepts (check-ref-format rules), never starting with '-'. */
function validBranch(input: string, value: string): string | undefined {
  if (value === '') return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is being refused
  if (!/^(?![-/])(?!.*(\.\.|\/\/|@\{|\.lock$|\/$|\/\.))[^\s~^:?*[\\\x00-\x1f\x7f]+$/.test(value)) {
    throw new ConfigError(input, `${quote(value)} is not a valid branch name`);
  }
  return value;
}

export function getInputs(
  source: InputSource = envInputs,
  env: NodeJS.ProcessEnv = process.env,
): UpdateGitopsManifestConfig {
  const reader = new InputReader(source);
  const path = reader.string('path') || undefined;
  // With a checkout in `path` and no repository named, the checkout's own origin is the target.
  const repositoryText = reader.string('repository', {
    default: path ? '' : (env.GITHUB_REPOSITORY ?? ''),
  });
  if (!repositoryText && !path) {
    throw new ConfigError(
      'repository',
      'is required (owner/name or a git URL) outside GitHub Actions',
    );
  }
  const repository = repositoryText ? parseRepository(repositoryText, env) : undefined;
  const branch = validBranch('branch', reader.string('branch'));
  const token = reader.secret('token');

  const images = reader.list('images', { separator: 'newline' }).map(parseImageLine);
  const values = [
    ...reader
      .list('helm-values', { separator: 'newline' })
      .map((l) => parseValueLine('helm-values', l)),
    ...reader.list('set', { separator: 'newline' }).map((l) => parseValueLine('set', l)),
  ];
  const files = reader.list('files');
  if (images.length === 0 && values.length === 0) {
    throw new ConfigError(
      'images',
      'nothing to change: give images (name=ref lines), helm-values or set (file:key.path=value lines)',
    );
  }
  const names = new Set<string>();
  for (const update of images) {
    if (names.has(update.canonical)) {
      throw new ConfigError('images', `'${update.name}' is listed twice; keep one line per image`);
    }
    names.add(update.canonical);
  }

  const mode = reader.oneOf<Mode>('mode', ['push', 'pull-request', 'dry-run'], 'push');
  if (mode === 'pull-request' && repository && (!repository.owner || !repository.name)) {
    throw new ConfigError(
      'mode',
      `pull-request needs a GitHub repository (owner/name or https://host/owner/name), not ${quote(repository.display)}`,
    );
  }
  const trailers = reader.list('trailers', { separator: 'newline' });
  for (const trailer of trailers) {
    if (!/^[A-Za-z0-9-]+: \S/.test(trailer)) {
      throw new ConfigError(
        'trailers',
        `${quote(trailer)} is not a trailer like 'Deployed-By: ci'`,
      );
    }
  }
  const authorName = reader.string('author-name', { default: DEFAULT_AUTHOR.name });
  const authorEmail = reader.string('author-email', { default: DEFAULT_AUTHOR.email });
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(authorEmail)) {
    throw new ConfigError('author-email', `${quote(authorEmail)} is not an email address`);
  }
  if (/[<>\n]/.test(authorName)) {
    throw new ConfigError('author-name', `${quote(authorName)} must not contain <, > or newlines`);
  }
  const reviewers: string[] = [];
  const teamReviewers: string[] = [];
  for (const reviewer of reader.list('reviewers')) {
    const team =
      /^(?:[A-Za-z0-9_.-]+\/)?team:([A-Za-z0-9_.-]+)$|^[A-Za-z0-9_.-]+\/([A-Za-z0-9_.-]+)$/.exec(
        reviewer,
      );
    if (team) teamReviewers.push(team[1] ?? team[2]);
    else if (/^[A-Za-z0-9-]+$/.test(reviewer)) reviewers.push(reviewer);
    else {
      throw new ConfigError('reviewers', `${quote(reviewer)} is not a user login or org/team`);
    }
  }
  const prBranch = validBranch('pr-branch', reader.string('pr-branch'));
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runUrl =
    env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? `${serverUrl}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : '';
  return {
    repository,
    branch,
    token,
    path,
    images,
    values,
    files,
    commit: {
      message: reader.string('commit-message', { default: DEFAULT_MESSAGE }),
      author: { name: authorName, email: authorEmail },
      trailers,
    },
    mode,
    pullRequest: {
      branch: prBranch,
      title: reader.string('pr-title', { default: 'Deploy {changes}' }),
      body: reader.string('pr-body'),
      labels: reader.list('labels'),
      reviewers,
      teamReviewers,
    },
    timeoutMs: reader.duration('timeout', '5m'),
    maxAttempts: reader.integer('max-attempts', { default: 30, min: 1, max: 1000 }),
    maxFileSize: reader.integer('max-file-size', { default: 1_048_576, min: 1024 }),
    maxExpandedNodes: 10_000,
    source: {
      repository: env.GITHUB_REPOSITORY ?? '',
      sha: env.GITHUB_SHA ?? '',
      runUrl,
      serverUrl,
    },
  };
}
