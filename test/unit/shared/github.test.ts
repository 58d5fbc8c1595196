import {
  acceptedPermissions,
  apiBaseUrl,
  repositoryContext,
  toGitHubApiError,
  GitHubApiError,
} from '../../../src/shared/github.js';
import { UserError } from '../../../src/shared/errors.js';

describe('repositoryContext', () => {
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://ghe.example.com/',
    GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    GITHUB_RUN_ID: '42',
    GITHUB_ACTOR: 'alice',
    GITHUB_TRIGGERING_ACTOR: 'bob',
  };

  test('reads the runner environment and builds the run URL (GHES)', () => {
    const ctx = repositoryContext(env);
    expect(ctx).toMatchObject({
      owner: 'acme',
      repo: 'shop',
      repository: 'acme/shop',
      apiUrl: 'https://ghe.example.com/api/v3',
      runUrl: 'https://ghe.example.com/acme/shop/actions/runs/42',
      actor: 'bob',
    });
  });

  test('another target repository keeps the run URL of the running one', () => {
    const ctx = repositoryContext(env, 'acme/approvals');
    expect(ctx.repository).toBe('acme/approvals');
    expect(ctx.runUrl).toBe('https://ghe.example.com/acme/shop/actions/runs/42');
  });

  test('a malformed or missing repository is a UserError', () => {
    expect(() => repositoryContext(env, 'not a repo')).toThrow(UserError);
    expect(() => repositoryContext({})).toThrow(/GITHUB_REPOSITORY is not set/);
  });

  test('api.github.com by default', () => {
    expect(apiBaseUrl({})).toBe('https://api.github.com');
  });
});

describe('permission errors', () => {
  test('X-Accepted-GitHub-Permissions is made readable', () => {
    expect(acceptedPermissions('issues=write')).toBe('issues: write');
    expect(acceptedPermissions('repository_projects=write; organization_projects=admin')).toBe(
      'repository-projects: write or organization-projects: admin',
    );
    expect(acceptedPermissions(undefined)).toBeUndefined();
  });

  function requestError(status: number, data: unknown, headers: Record<string, string> = {}) {
    return Object.assign(new Error('x'), {
      status,
      request: { method: 'POST', url: 'https://api.github.com/repos/acme/shop/issues' },
      response: { status, data, headers },
    });
  }

  test('a 403 names the permission and the input holding the token', () => {
    const error = toGitHubApiError(
      requestError(
        403,
        { message: 'Resource not accessible by integration' },
        { 'x-accepted-github-permissions': 'issues=write' },
      ),
      { method: 'POST', url: '/repos/{owner}/{repo}/issues' },
      'approval-token',
    ) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.permission).toBe('issues: write');
    expect(error.message).toBe(
      "GitHub API POST /repos/acme/shop/issues failed with 403: Resource not accessible by integration: the token in 'approval-token' lacks the 'issues: write' permission; add `permissions: { issues: write }` to the job (or give the token that access)",
    );
  });

  test('without the header the route decides the permission', () => {
    const error = toGitHubApiError(
      requestError(403, { message: 'Resource not accessible by integration' }),
      {
        method: 'POST',
        url: '',
      },
    ) as GitHubApiError;
    expect(error.permission).toBe('issues: write');
  });

  test('validation details are kept; 304 passes through untouched', () => {
    const error = toGitHubApiError(
      requestError(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: 'ghost' }],
      }),
      { method: 'POST', url: '' },
    ) as GitHubApiError;
    expect(error.message).toMatch(/Validation Failed: assignees invalid ghost/);
    const notModified = requestError(304, undefined);
    expect(toGitHubApiError(notModified, { method: 'GET', url: '' })).toBe(notModified);
  });
});
