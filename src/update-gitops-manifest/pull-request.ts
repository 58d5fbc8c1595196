/** Pull requests over the shared GitHub client (src/shared/github.ts). */
import type { GitHubClient } from '../shared/github.js';
import { GitHubApiError } from '../shared/github.js';

export interface PullRef {
  number: number;
  url: string;
}

/** What the step needs of the GitHub API for pull-request mode. */
export interface PullRequestApi {
  findOpen(head: string, base: string): Promise<PullRef | undefined>;
  create(request: { head: string; base: string; title: string; body: string }): Promise<PullRef>;
  update(number: number, request: { title: string; body: string }): Promise<PullRef>;
  addLabels(number: number, labels: readonly string[]): Promise<void>;
  requestReviewers(
    number: number,
    reviewers: readonly string[],
    teamReviewers: readonly string[],
  ): Promise<void>;
}

export function githubPullRequests(
  octokit: GitHubClient,
  owner: string,
  repo: string,
): PullRequestApi {
  const ref = (pull: { number: number; html_url: string }): PullRef => ({
    number: pull.number,
    url: pull.html_url,
  });
  return {
    async findOpen(head, base) {
      const { data } = await octokit.rest.pulls.list({
        owner,
        repo,
        head: `${owner}:${head}`,
        base,
        state: 'open',
        per_page: 10,
      });
      const pull = data.find((p) => p.head.ref === head && p.base.ref === base);
      return pull ? ref(pull) : undefined;
    },
    async create(request) {
      try {
        const { data } = await octokit.rest.pulls.create({ owner, repo, ...request });
        return ref(data);
      } catch (error) {
        // Another run opened it a moment ago: use theirs.
        if (error instanceof GitHubApiError && error.status === 422) {
          const open = await this.findOpen(request.head, request.base);
          if (open) return this.update(open.number, request);
        }
        throw error;
      }
    },
    async update(number, request) {
      const { data } = await octokit.rest.pulls.update({
        owner,
        repo,
        pull_number: number,
        ...request,
      });
      return ref(data);
    },
    async addLabels(number, labels) {
      if (labels.length === 0) return;
      await octokit.rest.issues.addLabels({
        owner,
        repo,
        issue_number: number,
        labels: [...labels],
      });
    },
    async requestReviewers(number, reviewers, teamReviewers) {
      if (reviewers.length === 0 && teamReviewers.length === 0) return;
      await octokit.rest.pulls.requestReviewers({
        owner,
        repo,
        pull_number: number,
        reviewers: [...reviewers],
        team_reviewers: [...teamReviewers],
      });
    },
  };
}
