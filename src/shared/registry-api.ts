import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { UserError } from './errors.js';
import { retry, retryAfterMs } from './retry.js';

/**
 * A small Registry HTTP API v2 client: resolves a tag to the digest the registry serves (HEAD or
 * GET of the manifest with the Accept headers of every current manifest format), with token
 * (Bearer) or basic auth, and retries on 429 (honouring Retry-After), 5xx and dropped connections.
 */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface ManifestInfo {
  digest: string;
  mediaType: string;
  /** Bytes of the image: config + layers (or, for an index, the sum over its manifests' sizes). */
  size?: number;
}

export interface RegistryClientOptions {
  /** Credentials for a registry host, if any (e.g. from the login step or docker's config.json). */
  credentials?: (registry: string) => RegistryCredentials | undefined;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Attempts in total for one request (default 5). */
  attempts?: number;
  baseMs?: number;
  onRetry?: (message: string) => void;
}

/** Docker Hub's API host for `docker.io` names; everything else is its own host. */
export function apiHost(registry: string | undefined): string {
  if (!registry || registry === 'docker.io' || registry === 'index.docker.io')
    return 'registry-1.docker.io';
  return registry;
}

/** Loopback registries speak plain HTTP (as the docker engine treats them); all others HTTPS. */
export function registryBaseUrl(registry: string | undefined): string {
  const host = apiHost(registry);
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const loopback = hostname === 'localhost' || /^127\./.test(hostname) || hostname === '::1';
  return `${loopback ? 'http' : 'https'}://${host}`;
}

/** Credentials a `docker login` stored (base64 `auth` entries; credential helpers are not read). */
export function dockerConfigCredentials(
  registry: string | undefined,
  configDir = process.env.DOCKER_CONFIG || join(homedir(), '.docker'),
): RegistryCredentials | undefined {
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  try {
    const config = JSON.parse(readFileSync(file, 'utf8')) as {
      auths?: Record<string, { auth?: string }>;
    };
    const keys =
      !registry || registry === 'docker.io'
        ? ['https://index.docker.io/v1/', 'docker.io', 'index.docker.io']
        : [registry, `https://${registry}`, `http://${registry}`];
    for (const key of keys) {
      const auth = config.auths?.[key]?.auth;
      if (!auth) continue;
      const decoded = Buffer.from(auth, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      if (at > 0) return { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

class RetryableHttpError extends Error {
  constructor(
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space > 0 ? header.slice(0, space) : header).toLowerCase();
  const params: Record<string, string> = {};
  for (const match of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g))
    params[match[1]] = match[2];
  return { scheme, params };
}

export class RegistryClient {
  private readonly fetch: typeof fetch;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.fetch = options.fetch ?? fetch;
  }

  /**
   * The digest (and media type, size for GET) the registry serves for `repository:reference`;
   * undefined when it has no such manifest.
   */
  async manifest(
    registry: string | undefined,
    repository: string,
    reference: string,
    method: 'HEAD' | 'GET' = 'HEAD',
  ): Promise<ManifestInfo | undefined> {
    const repo =
      apiHost(registry) === 'registry-1.docker.io' && !repository.includes('/')
        ? `library/${repository}`
        : repository;
    const url = `${registryBaseUrl(registry)}/v2/${repo}/manifests/${reference}`;
    const response = await this.request(registry, repo, url, method);
    if (response.status === 404) return undefined;
    const digest = response.headers.get('docker-content-digest') ?? '';
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    if (method === 'HEAD') {
      if (!digest)
        throw new UserError(
          `registry ${apiHost(registry)} sent no Docker-Content-Digest for ${repository}:${reference}`,
        );
      return { digest, mediaType };
    }
    const body = Buffer.from(await response.arrayBuffer());
    const computed = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    if (digest && digest !== computed) {
      throw new UserError(
        `registry ${apiHost(registry)}: manifest of ${repository}:${reference} does not match its digest ${digest}`,
      );
    }
    const manifest = JSON.parse(body.toString('utf8')) as {
      mediaType?: string;
      config?: { size?: number };
      layers?: Array<{ size?: number }>;
      manifests?: Array<{ size?: number }>;
    };
    const sum = (items?: Array<{ size?: number }>) =>
      (items ?? []).reduce((total, item) => total + (item.size ?? 0), 0);
    const size = manifest.layers
      ? (manifest.config?.size ?? 0) + sum(manifest.layers)
      : sum(manifest.manifests);
    return { digest: digest || computed, mediaType: mediaType || manifest.mediaType || '', size };
  }

  /**
   * One unretried GET of `/v2/`: the wait a rate-limited registry asks for (Retry-After on a
   * 429), or undefined when it sends none.
   */
  async probeRetryAfter(registry: string | undefined): Promise<number | undefined> {
    const response = await this.fetch(`${registryBaseUrl(registry)}/v2/`, {
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
  }

  private async request(
    registry: string | undefined,
    repository: string,
    url: string,
    method: string,
  ): Promise<Response> {
    const host = apiHost(registry);
    return retry(
      async () => {
        let response = await this.send(url, method, this.authHeader(host, repository));
        if (response.status === 401) {
          const challenge = response.headers.get('www-authenticate');
          await response.arrayBuffer().catch(() => undefined);
          const header = challenge
            ? await this.authenticate(registry, repository, challenge)
            : undefined;
          if (!header) {
            throw new UserError(
              `registry ${host} refused ${method} ${repository} (401 unauthorized)` +
                (this.options.credentials?.(registry ?? 'docker.io')
                  ? ': check the username and password'
                  : ': it needs credentials (username/password, or docker login before this step)'),
            );
          }
          response = await this.send(url, method, header);
          if (response.status === 401 || response.status === 403) {
            throw new UserError(
              `registry ${host} refused the credentials for ${repository} (${response.status}): check the username, password and their permissions`,
            );
          }
        }
        if (response.status === 429 || response.status >= 500) {
          await response.arrayBuffer().catch(() => undefined);
          throw new RetryableHttpError(
            `registry ${host}: ${method} ${url} → ${response.status}`,
            retryAfterMs(response.headers.get('retry-after')),
          );
        }
        if (!response.ok && response.status !== 404) {
          const text = await response.text().catch(() => '');
          throw new UserError(
            `registry ${host}: ${method} ${url} → ${response.status} ${text.slice(0, 300)}`,
          );
        }
        return response;
      },
      {
        attempts: this.options.attempts ?? 5,
        baseMs: this.options.baseMs ?? 500,
        maxMs: 15_000,
        clock: this.options.clock,
        decide: (error) => {
          if (error instanceof RetryableHttpError)
            return { retry: true, afterMs: error.retryAfter, reason: error.message };
          if (error instanceof UserError) return { retry: false };
          return { retry: true, reason: `connection failed: ${(error as Error).message}` };
        },
        onRetry: ({ attempt, waitMs, reason }) =>
          this.options.onRetry?.(
            `${reason ?? 'request failed'}; retry ${attempt} in ${(waitMs / 1000).toFixed(1)}s`,
          ),
      },
    );
  }

  private send(url: string, method: string, authorization?: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: MANIFEST_MEDIA_TYPES.join(', ') };
    if (authorization) headers.Authorization = authorization;
    return this.fetch(url, {
      method,
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(30_000),
    });
  }

  private authHeader(host: string, repository: string): string | undefined {
    return this.tokens.get(`${host}/${repository}`);
  }

  private async authenticate(
    registry: string | undefined,
    repository: string,
    challenge: string,
  ): Promise<string | undefined> {
    const host = apiHost(registry);
    const credentials = this.options.credentials?.(registry ?? 'docker.io');
    const basic = credentials
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : undefined;
    const { scheme, params } = parseChallenge(challenge);
    let header: string | undefined;
    if (scheme === 'basic') {
      header = basic;
    } else if (scheme === 'bearer' && params.realm) {
      const tokenUrl = new URL(params.realm);
      if (params.service) tokenUrl.searchParams.set('service', params.service);
      tokenUrl.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
      const response = await this.fetch(tokenUrl, {
        headers: basic ? { Authorization: basic } : {},
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status === 429 || response.status >= 500) {
        throw new RetryableHttpError(
          `token service ${tokenUrl.host} → ${response.status}`,
          retryAfterMs(response.headers.get('retry-after')),
        );
      }
      if (!response.ok) {
        throw new UserError(
          `registry ${host}: the token service refused ${credentials ? 'the credentials' : 'anonymous access'} (${response.status})`,
        );
      }
      const body = (await response.json()) as { token?: string; access_token?: string };
      const token = body.token ?? body.access_token;
      header = token ? `Bearer ${token}` : undefined;
    }
    if (header) this.tokens.set(`${host}/${repository}`, header);
    return header;
  }
}
