/**
 * A live view of a set of objects: list once, then watch from the list's resourceVersion.
 * A dropped watch or a failed request (5xx, network) resumes from the last resourceVersion seen,
 * with a growing pause; `410 Gone` (the version expired) lists afresh. 401/403 are fatal.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import {
  isRetryable,
  statusCodeOf,
  type Kube,
  type KubeObject,
  type ListOptions,
} from './kube-client.js';

export interface StreamTarget extends ListOptions {
  apiVersion: string;
  kind: string;
  namespace: string;
}

export class ResourceStream {
  readonly objects = new Map<string, KubeObject>();
  /** Set when the stream cannot go on (e.g. 403); the watcher reports it. */
  fatal?: unknown;
  /** How many times the watch was re-established after a drop (for logs and tests). */
  reconnects = 0;
  private resourceVersion = '';
  private stopWatch?: () => void;
  private stopped = false;
  private failures = 0;
  private ready?: Promise<void>;

  constructor(
    private readonly kube: Kube,
    private readonly target: StreamTarget,
    private readonly onChange: () => void,
    private readonly log: (line: string) => void = () => undefined,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Lists, starts the watch, and resolves once the first list is in. */
  start(): Promise<void> {
    this.ready ??= this.connect(true);
    return this.ready;
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch?.();
    this.stopWatch = undefined;
  }

  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  private async connect(first = false): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) {
          const list = await this.kube.list(
            this.target.apiVersion,
            this.target.kind,
            this.target.namespace,
            this.target,
          );
          this.objects.clear();
          for (const item of list.items) this.objects.set(item.metadata.name, item);
          this.resourceVersion = list.resourceVersion;
          this.onChange();
        }
        if (this.stopped) return;
        this.stopWatch = await this.kube.watch(
          this.target.apiVersion,
          this.target.kind,
          this.target.namespace,
          { ...this.target, resourceVersion: this.resourceVersion },
          (event) => this.handle(event.type, event.object),
          (error) => this.dropped(error),
        );
        if (this.stopped) this.stopWatch();
        return;
      } catch (error) {
        if (this.stopped) return;
        if (statusCodeOf(error) === 410) {
          // Our resourceVersion is too old for the server: list afresh.
          this.resourceVersion = '';
          continue;
        }
        if (!isRetryable(error)) {
          if (first) throw error;
          this.fatal = error;
          this.onChange();
          return;
        }
        await this.pause(error);
      }
    }
  }

  private handle(type: string, object: KubeObject) {
    if (type === 'ERROR') {
      // A Status object inside the stream: 410 means our version is too old.
      const code = (object as unknown as { code?: number }).code;
      if (code === 410) this.resourceVersion = '';
      return;
    }
    if (object?.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
    if (type === 'BOOKMARK') return;
    if (type === 'DELETED') this.objects.delete(object.metadata.name);
    else this.objects.set(object.metadata.name, object);
    this.failures = 0;
    this.onChange();
  }

  private dropped(error?: unknown) {
    this.stopWatch = undefined;
    if (this.stopped) return;
    if (error && statusCodeOf(error) === 410) this.resourceVersion = '';
    if (error && !isRetryable(error) && statusCodeOf(error) !== 410) {
      this.fatal = error;
      this.onChange();
      return;
    }
    this.reconnects++;
    const reason = error ? errorMessage(error) : 'closed by the server';
    const resume = async () => {
      if (error) await this.pause(error, reason);
      else await this.clock.sleep(50);
      await this.connect();
    };
    resume().catch((failure) => {
      this.fatal = failure;
      this.onChange();
    });
  }

  private async pause(error: unknown, reason = errorMessage(error)) {
    this.failures++;
    const waitMs = Math.min(5000, 200 * 2 ** Math.min(this.failures - 1, 5));
    if (this.failures === 1 || this.failures % 5 === 0) {
      this.log(
        `watch of ${this.target.kind} interrupted (${reason}); resuming from resourceVersion ${this.resourceVersion || '(fresh list)'}`,
      );
    }
    await this.clock.sleep(waitMs);
  }
}
