import type { GitHubClient, RepositoryContext } from '../shared/github.js';

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive' | 'error';

/**
 * A GitHub Deployment for the environment, created when the pipeline starts and moved through
 * in_progress → success / failure, or inactive when a gate (scan, approval) stopped the run
 * before anything was deployed.
 */
export class DeploymentTracker {
  private constructor(
    private readonly github: GitHubClient,
    private readonly context: RepositoryContext,
    readonly id: number,
    private readonly environmentUrl: string,
  ) {}

  static async create(
    github: GitHubClient,
    context: RepositoryContext,
    options: { environment: string; environmentUrl: string; description: string },
  ): Promise<DeploymentTracker> {
    const { data } = await github.rest.repos.createDeployment({
      owner: context.owner,
      repo: context.repo,
      ref: context.sha || context.ref || 'HEAD',
      environment: options.environment,
      description: options.description.slice(0, 140),
      auto_merge: false,
      // The pipeline itself is the gate: commit statuses of the ref are not required again.
      required_contexts: [],
      production_environment: /^prod/i.test(options.environment),
    });
    if (!('id' in data)) {
      throw new Error(
        `GitHub did not create the deployment: ${JSON.stringify(data).slice(0, 200)}`,
      );
    }
    return new DeploymentTracker(github, context, data.id, options.environmentUrl);
  }

  async setState(state: DeploymentState, description: string): Promise<void> {
    await this.github.rest.repos.createDeploymentStatus({
      owner: this.context.owner,
      repo: this.context.repo,
      deployment_id: this.id,
      state,
      description: description.slice(0, 140),
      log_url: this.context.runUrl || undefined,
      environment_url: this.environmentUrl || undefined,
      auto_inactive: state === 'success',
    });
  }
}
