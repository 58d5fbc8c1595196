import type { GitHubContext } from './github-context.js';

/** The 8 OCI annotation keys build-image always sets (user labels may override each). */
export const OCI_LABEL_KEYS = [
  'org.opencontainers.image.created',
  'org.opencontainers.image.source',
  'org.opencontainers.image.revision',
  'org.opencontainers.image.version',
  'org.opencontainers.image.title',
  'org.opencontainers.image.description',
  'org.opencontainers.image.url',
  'org.opencontainers.image.licenses',
] as const;

/** The OCI labels for this build, then the user's labels (which win on a clash). Pure. */
export function computeLabels(
  context: GitHubContext,
  version: string,
  userLabels: Record<string, string> = {},
): Record<string, string> {
  const url = context.repository ? `${context.serverUrl}/${context.repository}` : '';
  const title = context.repository.split('/').pop() ?? '';
  const labels: Record<string, string> = {
    'org.opencontainers.image.created': context.now.toISOString(),
    'org.opencontainers.image.source': url,
    'org.opencontainers.image.revision': context.sha,
    'org.opencontainers.image.version': version,
    'org.opencontainers.image.title': title,
    'org.opencontainers.image.description': context.description ?? '',
    'org.opencontainers.image.url': url,
    'org.opencontainers.image.licenses': context.license ?? '',
  };
  return { ...labels, ...userLabels };
}
