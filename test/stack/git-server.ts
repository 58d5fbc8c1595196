/**
 * A loopback smart-HTTP git server: Debian git's `git http-backend` (CGI) behind a Node HTTP
 * server that checks the token the way GitHub does (Basic `x-access-token:TOKEN`, any user name,
 * or `Bearer TOKEN`; 401 with a Basic challenge otherwise). Bare repositories live in a temp dir,
 * keep a reflog of every ref update (core.logAllRefUpdates=always) and accept non-fast-forward
 * pushes, so a test can PROVE from the reflog that nobody force-pushed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface GitServer {
  /** Base URL, `http://127.0.0.1:PORT`. */
  base: string;
  /** Folder holding the bare repositories. */
  root: string;
  /** Clone URL of a repository: `http://127.0.0.1:PORT/<name>.git`. */
  url(repoName: string): string;
  /** Create a bare repository with one commit holding `files` on `branch` (default main). */
  createBareRepo(
    name: string,
    files: Record<string, string>,
    options?: { branch?: string },
  ): Promise<{ path: string; url: string; head: string }>;
  /** Every request seen: method, path, whether the token was accepted. */
  requests: Array<{ method: string; path: string; authorized: boolean }>;
  stop(): Promise<void>;
}

const BACKEND_CANDIDATES = [
  '/usr/lib/git-core/git-http-backend',
  '/usr/libexec/git-core/git-http-backend',
];

function backendPath(): string {
  const found = BACKEND_CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  const execPath = spawnSync('git', ['--exec-path'], { encoding: 'utf8' }).stdout.trim();
  const candidate = join(execPath, 'git-http-backend');
  if (existsSync(candidate)) return candidate;
  throw new Error('git http-backend not found; install Debian git');
}

function git(args: string[], cwd?: string): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Seed',
      GIT_AUTHOR_EMAIL: 'seed@example.test',
      GIT_COMMITTER_NAME: 'Seed',
      GIT_COMMITTER_EMAIL: 'seed@example.test',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Create a bare repo at `path` with `files` committed on `branch` (any git origin, file:// too). */
export function createBareRepoAt(
  path: string,
  files: Record<string, string>,
  branch = 'main',
): string {
  mkdirSync(path, { recursive: true });
  git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, path]);
  git(['config', 'core.logAllRefUpdates', 'always'], path);
  git(['config', 'http.receivepack', 'true'], path);
  // as on a hosted service: no gc run inline after each push
  git(['config', 'receive.autogc', 'false'], path);
  const work = mkdtempSync(join(tmpdir(), 'oasis-seed-'));
  try {
    git(['init', '--quiet', `--initial-branch=${branch}`, work]);
    git(['config', 'core.autocrlf', 'false'], work);
    for (const [file, content] of Object.entries(files)) {
      const target = join(work, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    git(['add', '--all'], work);
    git(['commit', '--quiet', '--allow-empty', '-m', 'Seed manifests'], work);
    git(['push', '--quiet', path, `HEAD:refs/heads/${branch}`], work);
    return git(['rev-parse', 'HEAD'], work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function authorized(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const [scheme, value] = header.split(' ');
  if (!value) return false;
  if (/^bearer$/i.test(scheme) || /^token$/i.test(scheme)) return value === token;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && decoded.slice(colon + 1) === token;
  }
  return false;
}

export async function startGitServer(options: { token?: string } = {}): Promise<GitServer> {
  const backend = backendPath();
  const root = mkdtempSync(join(tmpdir(), 'oasis-git-server-'));
  const requests: GitServer['requests'] = [];

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const ok = options.token === undefined || authorized(request, options.token);
    requests.push({ method: request.method ?? 'GET', path: url.pathname, authorized: ok });
    if (!ok) {
      request.resume();
      response.writeHead(401, {
        'WWW-Authenticate': 'Basic realm="GitHub"',
        'Content-Type': 'text/plain',
      });
      response.end('Invalid username or token. Password authentication is not supported.\n');
      return;
    }
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      REQUEST_METHOD: request.method,
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_ADDR: request.socket.remoteAddress ?? '127.0.0.1',
      REMOTE_USER: 'x-access-token',
      SERVER_PROTOCOL: 'HTTP/1.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
    };
    if (request.headers['content-length']) env.CONTENT_LENGTH = request.headers['content-length'];
    if (request.headers['content-encoding']) {
      env.HTTP_CONTENT_ENCODING = String(request.headers['content-encoding']);
    }
    if (request.headers['git-protocol']) env.GIT_PROTOCOL = String(request.headers['git-protocol']);
    const child = spawn(backend, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    request.pipe(child.stdin);
    child.stdin.on('error', () => undefined);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      let end = head.indexOf('\r\n\r\n');
      let sepLength = 4;
      if (end < 0) {
        end = head.indexOf('\n\n');
        sepLength = 2;
      }
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (/^status$/i.test(name)) status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      response.writeHead(status, headers);
      response.write(head.subarray(end + sepLength));
    });
    child.stderr.on('data', () => undefined);
    child.on('close', () => {
      if (!headersDone) response.writeHead(500);
      response.end();
    });
    child.on('error', () => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    root,
    requests,
    url: (name) => `${base}/${name.replace(/\.git$/, '')}.git`,
    async createBareRepo(name, files, opts = {}) {
      const path = join(root, `${name.replace(/\.git$/, '')}.git`);
      const head = createBareRepoAt(path, files, opts.branch ?? 'main');
      return { path, url: `${base}/${name.replace(/\.git$/, '')}.git`, head };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
