/**
 * Container image references: `[registry/]repository[:tag][@sha256:digest]`.
 * `name` is the reference without tag or digest, as a user writes it (docker.io kept implicit).
 */
export interface ImageRef {
  /** Registry host (with port) when one was written, else undefined (Docker Hub). */
  registry?: string;
  /** Path inside the registry, e.g. `library/nginx` or `team/api`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The reference without tag or digest, as written: `127.0.0.1:5000/team/api`, `nginx`. */
  name: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

export function isValidTag(value: string): boolean {
  return TAG.test(value);
}

/** Parse a reference; returns undefined when it is not a valid one. */
export function parseImageRef(text: string): ImageRef | undefined {
  let rest = text.trim();
  if (rest === '' || /\s/.test(rest)) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) {
    registry = parts.shift();
  }
  if (parts.length === 0 || !parts.every((part) => PATH_COMPONENT.test(part))) return undefined;
  const repository = parts.join('/');
  return {
    registry,
    repository,
    tag,
    digest,
    name: registry ? `${registry}/${repository}` : repository,
  };
}

/** Canonical name used to compare images: `docker.io/library/nginx` for `nginx`. */
export function canonicalName(ref: ImageRef): string {
  const registry = ref.registry ?? 'docker.io';
  const repository =
    registry === 'docker.io' && !ref.repository.includes('/')
      ? `library/${ref.repository}`
      : ref.repository;
  return `${registry}/${repository}`;
}

export function formatImageRef(ref: ImageRef): string {
  return `${ref.name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
