/**
 * The comments of one issue, kept current with conditional requests: an unchanged list answers
 * 304 Not Modified, which GitHub does not count against the rate limit, so a quiet hour of
 * polling every 10 s costs nothing.
 */
import type { GitHubClient } from '../shared/github.js';
import type { CommentView } from './comment-rules.js';

interface ApiComment {
  id: number;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
  updated_at: string;
  html_url: string;
}

interface ApiIssue {
  state: string;
  closed_by?: { login: string } | null;
  updated_at: string;
}

const PER_PAGE = 100;

function isNotModified(error: unknown): boolean {
  return (error as { status?: number }).status === 304;
}

function toView(comment: ApiComment): CommentView {
  return {
    id: comment.id,
    login: comment.user?.login ?? 'ghost',
    userType: comment.user?.type ?? 'User',
    body: comment.body ?? '',
    createdAt: Date.parse(comment.created_at),
    updatedAt: Date.parse(comment.updated_at),
    url: comment.html_url,
  };
}

export class CommentFeed {
  private readonly comments = new Map<number, CommentView>();
  private etag?: string;
  private issueEtag?: string;
  /** Only comments updated at or after this time are asked for (ISO, second precision). */
  private since: string;
  private readonly issueCreatedAt: string;

  constructor(
    private readonly github: GitHubClient,
    private readonly where: { owner: string; repo: string; issue: number },
    issueCreatedAt: string,
  ) {
    this.since = issueCreatedAt;
    this.issueCreatedAt = issueCreatedAt;
  }

  /** Everything seen so far, in posting order. */
  all(): CommentView[] {
    return [...this.comments.values()].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  }

  /** Ask for changes; true when a comment was added, edited or removed. */
  async poll(): Promise<boolean> {
    const { owner, repo, issue } = this.where;
    let first;
    try {
      first = await this.github.request(
        'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
        {
          owner,
          repo,
          issue_number: issue,
          since: this.since,
          per_page: PER_PAGE,
          headers: this.etag ? { 'if-none-match': this.etag } : {},
        },
      );
    } catch (error) {
      if (isNotModified(error)) return false;
      throw error;
    }
    const received = [...(first.data as ApiComment[])];
    let link = String(first.headers.link ?? '');
    while (/rel="next"/.test(link)) {
      const next = /<([^>]+)>;\s*rel="next"/.exec(link)![1];
      const page = await this.github.request({ method: 'GET', url: next });
      received.push(...(page.data as ApiComment[]));
      link = String(page.headers.link ?? '');
    }
    let changed = false;
    if (this.since === this.issueCreatedAt) {
      // The whole thread came back: a deleted comment (a withdrawn approval) is gone.
      const ids = new Set(received.map((c) => c.id));
      for (const id of [...this.comments.keys()]) {
        if (!ids.has(id)) {
          this.comments.delete(id);
          changed = true;
        }
      }
    }
    for (const raw of received) {
      const view = toView(raw);
      const known = this.comments.get(view.id);
      if (!known || known.updatedAt !== view.updatedAt || known.body !== view.body) {
        this.comments.set(view.id, view);
        changed = true;
      }
    }
    if (received.length >= PER_PAGE) {
      // A long thread: narrow the window to what changed last, so one page keeps holding
      // every change and its ETag keeps covering them all. Comments seen before stay known.
      const latest = Math.max(...received.map((c) => Date.parse(c.updated_at)));
      this.since = new Date(latest).toISOString().replace(/\.\d{3}Z$/, 'Z');
      this.etag = undefined;
    } else {
      this.etag = first.headers.etag;
    }
    return changed;
  }

  /** The issue's state, conditionally: undefined when unchanged since the last call. */
  async issueState(): Promise<{ state: string; closedBy?: string } | undefined> {
    const { owner, repo, issue } = this.where;
    try {
      const response = await this.github.request(
        'GET /repos/{owner}/{repo}/issues/{issue_number}',
        {
          owner,
          repo,
          issue_number: issue,
          headers: this.issueEtag ? { 'if-none-match': this.issueEtag } : {},
        },
      );
      this.issueEtag = response.headers.etag;
      const data = response.data as ApiIssue;
      return { state: data.state, closedBy: data.closed_by?.login };
    } catch (error) {
      if (isNotModified(error)) return undefined;
      throw error;
    }
  }
}
