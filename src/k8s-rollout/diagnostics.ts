/**
 * What the summary shows about a failure: the failing container's last log lines and the
 * recent events of its Pod and workload. Also names the cause of a rollout that never became
 * ready (the latest `Unhealthy` event, e.g. a failing readiness probe).
 */
import { redact } from '../shared/exec.js';
import type { Failure } from './failure-detector.js';
import { unreadyPod } from './failure-detector.js';
import type { Kube, KubeObject } from './kube-client.js';

export interface EventLine {
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
}

export interface Diagnostics {
  logs: string[];
  logSource?: string;
  events: EventLine[];
}

function toEventLine(event: KubeObject): EventLine {
  const e = event as unknown as {
    type?: string;
    reason?: string;
    message?: string;
    count?: number;
    involvedObject?: { kind?: string; name?: string };
  };
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`,
    message: (e.message ?? '').trim(),
    count: e.count ?? 1,
  };
}

export async function collectDiagnostics(
  kube: Kube,
  namespace: string,
  workload: { kind: string; name: string },
  failure: Failure | undefined,
  options: { logLines: number; secrets?: string[]; maxEvents?: number },
): Promise<Diagnostics> {
  const result: Diagnostics = { logs: [], events: [] };
  const secrets = options.secrets ?? [];
  if (failure?.pod && failure.container && options.logLines > 0) {
    const previous = failure.restarted === true;
    let text = await kube.podLogs(
      namespace,
      failure.pod,
      failure.container,
      options.logLines,
      previous,
    );
    if (!text && previous) {
      text = await kube.podLogs(namespace, failure.pod, failure.container, options.logLines, false);
    }
    result.logs = redact(text, secrets)
      .split(/\r?\n/)
      .filter((line) => line !== '')
      .slice(-options.logLines);
    result.logSource = `${failure.pod}/${failure.container}${previous ? ' (previous run)' : ''}`;
  }
  const events: KubeObject[] = [];
  if (failure?.pod) events.push(...(await kube.events(namespace, 'Pod', failure.pod)));
  events.push(...(await kube.events(namespace, workload.kind, workload.name)));
  result.events = events
    .map(toEventLine)
    .map((line) => ({ ...line, message: redact(line.message, secrets) }))
    .slice(-(options.maxEvents ?? 10));
  return result;
}

/**
 * For a rollout that timed out or hit its progress deadline without a fatal Pod state: find a
 * running-but-unready Pod and the reason from its latest Unhealthy event.
 */
export async function explainUnready(
  kube: Kube,
  namespace: string,
  pods: KubeObject[],
): Promise<Pick<Failure, 'pod' | 'container' | 'message'> | undefined> {
  const pod = unreadyPod(pods);
  if (!pod) return undefined;
  const container = (pod.status?.containerStatuses ?? []).find(
    (status: { ready?: boolean; state?: { running?: object } }) =>
      status.state?.running && !status.ready,
  )?.name as string | undefined;
  const events = (await kube.events(namespace, 'Pod', pod.metadata.name)).map(toEventLine);
  const unhealthy = events.filter((event) => event.reason === 'Unhealthy').pop();
  return {
    pod: pod.metadata.name,
    container,
    message: unhealthy
      ? `never became ready: ${unhealthy.message}`
      : 'never became ready (its readiness probe keeps failing)',
  };
}
