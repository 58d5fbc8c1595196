import { UserError } from '../shared/errors.js';
import type { GitHubClient } from '../shared/github.js';

export interface SarifUploadTarget {
  owner: string;
  repo: string;
  /** The commit the results belong to (GITHUB_SHA). */
  commitSha: string;
  /** The full ref (GITHUB_REF), e.g. refs/heads/main or refs/pull/42/merge. */
  ref: string;
  /** Web URL of the server (GITHUB_SERVER_URL), for the link to code scanning. */
  serverUrl: string;
}

export interface SarifUpload {
  id: string;
  /** API URL to poll for processing status. */
  url: string;
  /** Where people see the alerts. */
  codeScanningUrl: string;
}

/**
 * `POST /repos/{owner}/{repo}/code-scanning/sarifs`: the SARIF gzipped and base64-encoded, with
 * the commit and ref. A 403 is explained: the job needs `security-events: write`.
 */
export async function uploadSarif(
  client: GitHubClient,
  target: SarifUploadTarget,
  gzipped: Buffer,
  toolName: string,
): Promise<SarifUpload> {
  if (!/^[0-9a-f]{40}$/.test(target.commitSha)) {
    throw new UserError(
      `cannot upload SARIF: commit sha ${JSON.stringify(target.commitSha)} is not a full 40-character sha (GITHUB_SHA)`,
    );
  }
  if (!/^refs\/(heads|tags|pull)\/.+/.test(target.ref)) {
    throw new UserError(
      `cannot upload SARIF: ref ${JSON.stringify(target.ref)} is not of the form refs/heads/<branch>, refs/tags/<tag> or refs/pull/<n>/merge (GITHUB_REF)`,
    );
  }
  let data: { id?: string; url?: string };
  try {
    const response = await client.request('POST /repos/{owner}/{repo}/code-scanning/sarifs', {
      owner: target.owner,
      repo: target.repo,
      commit_sha: target.commitSha,
      ref: target.ref,
      sarif: gzipped.toString('base64'),
      tool_name: toolName,
    });
    data = response.data as { id?: string; url?: string };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403) {
      throw new UserError(
        `uploading SARIF to code scanning was refused (403): ${(error as Error).message}. ` +
          'The job needs `permissions: { security-events: write }` (and, for a private ' +
          'repository, GitHub Code Security enabled); or set upload-sarif: false',
        { cause: error },
      );
    }
    throw error;
  }
  const web = `${target.serverUrl.replace(/\/+$/, '')}/${target.owner}/${target.repo}`;
  const branch = target.ref.replace(/^refs\/heads\//, '');
  return {
    id: data.id ?? '',
    url: data.url ?? '',
    codeScanningUrl: `${web}/security/code-scanning?query=${encodeURIComponent(`is:open branch:${branch}`)}`,
  };
}
