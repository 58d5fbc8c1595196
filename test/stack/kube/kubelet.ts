// The kubelet: schedules every pod on the one node, gives it a loopback IP (127.1.x.y), and runs
// each container as `docker run -d --network host` of its image from the local registry, with
// POD_IP and PORT. Pull failures, crashes, config errors, OOM kills and probe results become the
// container states, restart counts, conditions and events a real node reports.
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec } from '../../../src/shared/exec.js';
import type { Api } from './api.js';
import { ContainerMonitor, type ExitInfo } from './container-monitor.js';
import { ContainerConfigError, memoryBytes, resolveEnv } from './container-env.js';
import { EventRecorder } from './events.js';
import type { LogOptions, LogStream } from './http-server.js';
import { NODE_NAME, bindOrReject } from './scheduler.js';
import { runProbe } from './probes.js';
import { byKind } from './resources.js';
import { deepEqual, type KubeObject } from './types.js';
import { timestamp } from './workload.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const POD = byKind('Pod');
const SECRET = byKind('Secret');
export const DOUBLE_LABEL = 'oasis.kube.double';
const PID_LABEL = 'oasis.kube.pid';

export interface KubeletOptions {
  doubleId: string;
  /** Time scale for back-offs and probe timing (2 = twice as fast). */
  speed: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Resolves when the signal aborts; `cancel` removes the listener. */
function aborted(signal: AbortSignal): { promise: Promise<undefined>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<undefined>((resolve) => {
    const on = () => resolve(undefined);
    signal.addEventListener('abort', on, { once: true });
    cancel = () => signal.removeEventListener('abort', on);
  });
  return { promise, cancel };
}

/** Go's duration format for back-off messages: 10s, 1m20s, 5m0s. */
function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60}s`;
}

function portOf(container: any): number {
  return container?.ports?.[0]?.containerPort ?? 8080;
}

class IpAllocator {
  private readonly used = new Set<string>();
  private block = 1 + Math.floor(Math.random() * 250);
  private next = 1;

  async allocate(port: number): Promise<string> {
    for (let attempts = 0; attempts < 2000; attempts++) {
      if (this.next > 254) {
        this.next = 1;
        this.block = (this.block % 254) + 1;
      }
      const ip = `127.1.${this.block}.${this.next++}`;
      if (this.used.has(ip)) continue;
      if (await portFree(ip, port)) {
        this.used.add(ip);
        return ip;
      }
    }
    throw new Error('kube double: no free loopback pod IP');
  }

  release(ip: string | undefined): void {
    if (ip) this.used.delete(ip);
  }
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

interface ContainerStatus {
  name: string;
  state: Record<string, any>;
  lastState: Record<string, any>;
  ready: boolean;
  started: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
}

class ContainerRunner {
  status: ContainerStatus;
  dockerId?: string;
  previousDockerId?: string;
  /** Older dead containers, removed a few restarts later. */
  readonly retired: string[] = [];
  private crashes = 0;
  private pullFailures = 0;
  private everStarted = false;
  private probeAbort?: AbortController;

  constructor(
    private readonly worker: PodWorker,
    readonly spec: any,
    /** An init container: runs to completion (exit 0) before the app containers start. */
    readonly init = false,
  ) {
    this.status = {
      name: spec.name,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      ready: false,
      started: false,
      restartCount: 0,
      image: spec.image,
      imageID: '',
    };
  }

  get hasStarted(): boolean {
    return this.everStarted;
  }

  private get k() {
    return this.worker.kubelet;
  }

  private scaled(ms: number) {
    return ms / this.k.opts.speed;
  }

  private setWaiting(reason: string, message?: string) {
    this.status.state = { waiting: message ? { reason, message } : { reason } };
    this.status.ready = false;
    this.status.started = false;
    this.worker.sync();
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string) {
    this.worker.event(
      type,
      reason,
      message,
      `spec.${this.init ? 'initContainers' : 'containers'}{${this.spec.name}}`,
    );
  }

  async run(signal: AbortSignal): Promise<void> {
    const image: string = this.spec.image;
    while (!signal.aborted) {
      const pod = this.worker.currentPod();
      if (!pod) return;
      // 1. Configuration (env from Secrets and ConfigMaps).
      let env: Map<string, string>;
      try {
        env = resolveEnv(this.k.api, pod, this.spec, this.worker.podIp);
      } catch (err) {
        if (!(err instanceof ContainerConfigError)) throw err;
        this.setWaiting('CreateContainerConfigError', err.message);
        this.event('Warning', 'Failed', `Error: ${err.message}`);
        await sleep(this.scaled(2000), signal);
        continue;
      }
      // 2. Image.
      const policy = this.spec.imagePullPolicy ?? 'IfNotPresent';
      const present = await this.k.imagePresent(image);
      if (policy === 'Never' && !present) {
        const msg = `Container image "${image}" is not present with pull policy of Never`;
        this.setWaiting('ErrImageNeverPull', msg);
        this.event('Warning', 'ErrImageNeverPull', msg);
        await sleep(this.scaled(10_000), signal);
        continue;
      }
      if (policy === 'Always' || !present) {
        this.event('Normal', 'Pulling', `Pulling image "${image}"`);
        const t0 = Date.now();
        const pulled = await this.k.pull(image, pod);
        if (signal.aborted) return;
        if (!pulled.ok) {
          this.pullFailures++;
          if (/invalid reference format/i.test(pulled.message)) {
            const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
            this.setWaiting('InvalidImageName', msg);
            this.event('Warning', 'InspectFailed', msg);
            this.event('Warning', 'Failed', 'Error: InvalidImageName');
            await sleep(this.scaled(10_000), signal);
            continue;
          }
          this.setWaiting('ErrImagePull', pulled.message);
          this.event('Warning', 'Failed', `Failed to pull image "${image}": ${pulled.message}`);
          this.event('Warning', 'Failed', 'Error: ErrImagePull');
          await sleep(this.scaled(1000), signal);
          if (signal.aborted) return;
          const backoff = Math.min(10_000 * 2 ** (this.pullFailures - 1), 300_000);
          this.setWaiting('ImagePullBackOff', `Back-off pulling image "${image}"`);
          this.event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
          this.event('Warning', 'Failed', 'Error: ImagePullBackOff');
          await sleep(this.scaled(backoff), signal);
          continue;
        }
        this.pullFailures = 0;
        const ms = Date.now() - t0;
        this.event(
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${ms}ms (${ms}ms including waiting).${pulled.size ? ` Image size: ${pulled.size} bytes.` : ''}`,
        );
      } else {
        this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      }
      this.status.imageID = await this.k.imageId(image);
      // 3. Start.
      if (signal.aborted) return;
      const restart = this.everStarted;
      const started = await this.k.startContainer(
        this.worker,
        this,
        env,
        restart ? this.status.restartCount + 1 : 0,
      );
      if (signal.aborted) {
        if (started.id) await this.k.removeContainer(started.id);
        return;
      }
      if (!started.id) {
        // The engine refused to create or start it: a StartError termination, then back-off.
        await this.terminated(
          {
            exitCode: 128,
            oomKilled: false,
            finishedAt: timestamp(),
            startedAt: timestamp(),
            error: started.error,
          },
          signal,
          'StartError',
        );
        if (this.status.state.terminated) return;
        continue;
      }
      if (restart) this.status.restartCount++;
      this.everStarted = true;
      // Dead containers stay a while (logs of the previous instance), then go.
      if (this.previousDockerId) this.retired.push(this.previousDockerId);
      while (this.retired.length > 2) void this.k.removeContainer(this.retired.shift()!);
      this.previousDockerId = this.dockerId;
      this.dockerId = started.id;
      this.status.containerID = `docker://${started.id}`;
      this.event('Normal', 'Created', `Created container: ${this.spec.name}`);
      this.event('Normal', 'Started', `Started container ${this.spec.name}`);
      const startedAt = timestamp();
      this.status.state = { running: { startedAt } };
      this.status.started = !this.spec.startupProbe;
      this.status.ready = !this.spec.readinessProbe && this.status.started;
      this.worker.sync();
      this.probeAbort = new AbortController();
      const probeSignal = AbortSignal.any([signal, this.probeAbort.signal]);
      void this.runProbes(started.id, probeSignal);
      const stopWaiting = aborted(signal);
      const exit = await Promise.race([this.k.monitor.waitExit(started.id), stopWaiting.promise]);
      stopWaiting.cancel();
      this.probeAbort.abort();
      if (!exit || signal.aborted) return;
      await this.terminated({ ...exit, startedAt: exit.startedAt ?? startedAt }, signal);
      if (this.status.state.terminated) return; // not restarted (restartPolicy)
    }
  }

  private async terminated(exit: ExitInfo, signal: AbortSignal, reasonOverride?: string) {
    const reason =
      reasonOverride ??
      (exit.oomKilled ? 'OOMKilled' : exit.exitCode === 0 ? 'Completed' : 'Error');
    const terminated: Record<string, unknown> = {
      exitCode: exit.exitCode,
      reason,
      startedAt: exit.startedAt,
      finishedAt: exit.finishedAt ?? timestamp(),
      ...(this.dockerId && !reasonOverride ? { containerID: `docker://${this.dockerId}` } : {}),
    };
    let message = exit.error;
    if (
      !message &&
      this.spec.terminationMessagePolicy === 'FallbackToLogsOnError' &&
      exit.exitCode !== 0 &&
      this.dockerId
    ) {
      const logs = await this.k.dockerLogs(this.dockerId, {
        tailLines: 80,
        previous: false,
        timestamps: false,
      });
      message = logs.length > 2048 ? logs.slice(-2048) : logs;
    }
    if (message) terminated.message = message;
    const policy = this.worker.currentPod()?.spec?.restartPolicy ?? 'Always';
    const restart = this.init
      ? exit.exitCode !== 0 && policy !== 'Never'
      : policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0);
    this.status.ready = false;
    this.status.started = false;
    if (!restart) {
      this.status.state = { terminated };
      this.worker.sync();
      return;
    }
    const ranMs =
      exit.startedAt && exit.finishedAt
        ? Date.parse(exit.finishedAt) - Date.parse(exit.startedAt)
        : 0;
    if (ranMs > 600_000) this.crashes = 0;
    this.crashes++;
    this.status.lastState = { terminated };
    if (this.crashes === 1) {
      // The first restart is immediate, as on a node; back-off starts with the second.
      this.status.state = { terminated };
      this.worker.sync();
      await sleep(this.scaled(300), signal);
      this.status.state = { waiting: { reason: 'ContainerCreating' } };
      return;
    }
    const backoff = Math.min(10_000 * 2 ** (this.crashes - 2), 300_000);
    const pod = this.worker.currentPod();
    const podRef = `${pod?.metadata.name}_${pod?.metadata.namespace}(${pod?.metadata.uid})`;
    this.status.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(backoff)} restarting failed container=${this.spec.name} pod=${podRef}`,
      },
    };
    this.worker.sync();
    this.event(
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${this.spec.name} in pod ${podRef}`,
    );
    await sleep(this.scaled(backoff), signal);
  }

  private async runProbes(dockerId: string, signal: AbortSignal) {
    const spec = this.spec;
    const period = (p: any) => this.scaled((p.periodSeconds ?? 10) * 1000);
    const initial = (p: any) => this.scaled((p.initialDelaySeconds ?? 0) * 1000);
    const kill = async (what: string) => {
      this.event(
        'Normal',
        'Killing',
        `Container ${spec.name} failed ${what} probe, will be restarted`,
      );
      await this.k.stopContainer(dockerId, 2);
    };
    if (spec.startupProbe) {
      const p = spec.startupProbe;
      await sleep(initial(p), signal);
      let failures = 0;
      while (!signal.aborted) {
        const r = await runProbe(p, spec, this.worker.podIp, dockerId);
        if (signal.aborted) return;
        if (r.ok) break;
        failures++;
        this.event('Warning', 'Unhealthy', `Startup probe failed: ${r.message}`);
        if (failures >= (p.failureThreshold ?? 3)) {
          await kill('startup');
          return;
        }
        await sleep(period(p), signal);
      }
      if (signal.aborted) return;
      this.status.started = true;
      if (!spec.readinessProbe) this.status.ready = true;
      this.worker.sync();
    }
    const loops: Promise<void>[] = [];
    if (spec.readinessProbe) {
      const p = spec.readinessProbe;
      loops.push(
        (async () => {
          await sleep(initial(p), signal);
          let ok = 0;
          let bad = 0;
          while (!signal.aborted) {
            const r = await runProbe(p, spec, this.worker.podIp, dockerId);
            if (signal.aborted) return;
            if (r.ok) {
              ok++;
              bad = 0;
              if (!this.status.ready && ok >= (p.successThreshold ?? 1)) {
                this.status.ready = true;
                this.worker.sync();
              }
            } else {
              bad++;
              ok = 0;
              this.event('Warning', 'Unhealthy', `Readiness probe failed: ${r.message}`);
              if (this.status.ready && bad >= (p.failureThreshold ?? 3)) {
                this.status.ready = false;
                this.worker.sync();
              }
            }
            await sleep(period(p), signal);
          }
        })(),
      );
    }
    if (spec.livenessProbe) {
      const p = spec.livenessProbe;
      loops.push(
        (async () => {
          await sleep(initial(p), signal);
          let bad = 0;
          while (!signal.aborted) {
            const r = await runProbe(p, spec, this.worker.podIp, dockerId);
            if (signal.aborted) return;
            if (r.ok) bad = 0;
            else {
              bad++;
              this.event('Warning', 'Unhealthy', `Liveness probe failed: ${r.message}`);
              if (bad >= (p.failureThreshold ?? 3)) {
                await kill('liveness');
                return;
              }
            }
            await sleep(period(p), signal);
          }
        })(),
      );
    }
    await Promise.all(loops);
  }
}

class PodWorker {
  readonly runners: ContainerRunner[];
  readonly initRunners: ContainerRunner[];
  private initialized: boolean;
  readonly abort = new AbortController();
  private syncScheduled = false;
  private readonly startTime = timestamp();
  terminating = false;

  constructor(
    readonly kubelet: Kubelet,
    readonly namespace: string,
    readonly name: string,
    readonly uid: string,
    readonly podIp: string,
    spec: any,
  ) {
    this.runners = (spec.containers ?? []).map((c: any) => new ContainerRunner(this, c));
    this.initRunners = (spec.initContainers ?? []).map(
      (c: any) => new ContainerRunner(this, c, true),
    );
    this.initialized = this.initRunners.length === 0;
  }

  currentPod(): KubeObject | undefined {
    const pod = this.kubelet.api.store.get(POD, this.namespace, this.name);
    return pod && pod.metadata.uid === this.uid ? pod : undefined;
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string) {
    const pod = this.currentPod();
    if (pod) this.kubelet.events.record(pod, type, reason, message, fieldPath);
  }

  start() {
    this.writeStatus();
    const signal = this.abort.signal;
    void (async () => {
      for (const r of this.initRunners) {
        try {
          await r.run(signal);
        } catch (err) {
          console.error(`kube double: kubelet ${this.name}/${r.spec.name}:`, err);
          return;
        }
        if (signal.aborted || r.status.state.terminated?.exitCode !== 0) return;
      }
      this.initialized = true;
      this.sync();
      for (const r of this.runners) {
        r.run(signal).catch((err) =>
          console.error(`kube double: kubelet ${this.name}/${r.spec.name}:`, err),
        );
      }
    })();
  }

  /** Every runner, init containers first (for logs and cleanup). */
  allRunners(): ContainerRunner[] {
    return [...this.initRunners, ...this.runners];
  }

  sync() {
    if (this.syncScheduled) return;
    this.syncScheduled = true;
    setImmediate(() => {
      this.syncScheduled = false;
      this.writeStatus();
    });
  }

  private writeStatus() {
    if (this.abort.signal.aborted && !this.terminating) return;
    const pod = this.currentPod();
    if (!pod) return;
    const statuses = this.runners.map((r) => r.status);
    const initStatuses = this.initRunners.map((r) => r.status);
    const initFailed = initStatuses.some(
      (s) => s.state.terminated && s.state.terminated.exitCode !== 0,
    );
    const incomplete = initStatuses
      .filter((s) => s.state.terminated?.exitCode !== 0)
      .map((s) => s.name);
    const allReady = statuses.length > 0 && statuses.every((s) => s.ready);
    const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
    const anyStarted = this.runners.some((r) => r.hasStarted);
    const allTerminated = statuses.every((s) => s.state.terminated);
    let phase = anyStarted ? 'Running' : 'Pending';
    // Only a pod that will not restart its containers completes (Always restarts forever).
    const policy = pod.spec?.restartPolicy ?? 'Always';
    if (allTerminated && statuses.length && policy !== 'Always') {
      const allOk = statuses.every((s) => s.state.terminated.exitCode === 0);
      if (allOk) phase = 'Succeeded';
      else if (policy === 'Never') phase = 'Failed';
    }
    if (!this.initialized) phase = initFailed && policy === 'Never' ? 'Failed' : 'Pending';
    const old: any[] = pod.status?.conditions ?? [];
    const gen = pod.metadata.generation ?? 1;
    const cond = (type: string, ok: boolean, reason?: string, message?: string) => {
      const status = ok ? 'True' : 'False';
      const prev = old.find((c) => c.type === type);
      return {
        lastProbeTime: null,
        lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : timestamp(),
        ...(ok || !message ? {} : { message }),
        observedGeneration: gen,
        ...(ok || !reason ? {} : { reason }),
        status,
        type,
      };
    };
    const unready = `containers with unready status: [${notReady.join(' ')}]`;
    const reason =
      phase === 'Succeeded' || phase === 'Failed' ? 'PodCompleted' : 'ContainersNotReady';
    const conditions = [
      cond('PodReadyToStartContainers', phase !== 'Succeeded' && phase !== 'Failed'),
      this.initialized
        ? cond('Initialized', true)
        : cond(
            'Initialized',
            false,
            'ContainersNotInitialized',
            `containers with incomplete status: [${incomplete.join(' ')}]`,
          ),
      cond('Ready', allReady, reason, unready),
      cond('ContainersReady', allReady, reason, unready),
      cond('PodScheduled', true),
    ];
    const status = {
      observedGeneration: gen,
      phase,
      conditions,
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      podIP: this.podIp,
      podIPs: [{ ip: this.podIp }],
      startTime: this.startTime,
      ...(initStatuses.length
        ? {
            initContainerStatuses: initStatuses.map((s) => ({
              ...(s.containerID ? { containerID: s.containerID } : {}),
              image: s.image,
              imageID: s.imageID,
              lastState: s.lastState,
              name: s.name,
              ready: s.state.terminated?.exitCode === 0,
              restartCount: s.restartCount,
              started: s.started,
              state: s.state,
            })),
          }
        : {}),
      containerStatuses: statuses.map((s) => ({
        ...(s.containerID ? { containerID: s.containerID } : {}),
        image: s.image,
        imageID: s.imageID,
        lastState: s.lastState,
        name: s.name,
        ready: s.ready,
        restartCount: s.restartCount,
        started: s.started,
        state: s.state,
      })),
      qosClass: pod.status?.qosClass ?? 'BestEffort',
    };
    if (deepEqual(status, pod.status)) return;
    pod.status = status;
    try {
      this.kubelet.api.store.update(POD, pod);
    } catch {
      /* deleted meanwhile */
    }
  }

  /** Graceful stop: out of the endpoints at once (deletionTimestamp), then SIGTERM, then gone. */
  async terminate(): Promise<void> {
    if (this.terminating) return;
    this.terminating = true;
    const pod = this.currentPod();
    const grace =
      pod?.metadata.deletionGracePeriodSeconds ?? pod?.spec?.terminationGracePeriodSeconds ?? 30;
    const preStopSleep = Math.max(
      0,
      ...this.runners.map((r) => r.spec.lifecycle?.preStop?.sleep?.seconds ?? 0),
    );
    this.event(
      'Normal',
      'Killing',
      `Stopping container ${this.runners.map((r) => r.spec.name).join(', ')}`,
    );
    // Requests already routed to the pod finish; new ones no longer come (endpoints drop it).
    await sleep(preStopSleep ? preStopSleep * 1000 : 300);
    this.abort.abort();
    await Promise.all(
      this.allRunners().map(async (r) => {
        if (r.dockerId) await this.kubelet.stopContainer(r.dockerId, Math.min(grace, 5));
      }),
    );
    await this.kill();
    this.kubelet.api.finishDeletion(POD, this.namespace, this.name);
  }

  /** Immediate: containers removed. */
  async kill(): Promise<void> {
    this.abort.abort();
    await Promise.all(
      this.allRunners().flatMap((r) =>
        [r.dockerId, r.previousDockerId, ...r.retired]
          .filter(Boolean)
          .map((id) => this.kubelet.removeContainer(id!)),
      ),
    );
    this.kubelet.release(this);
  }
}

/** One allocator per process: two doubles in one test process never hand out the same IP. */
const processIps = new IpAllocator();

export class Kubelet {
  readonly monitor = new ContainerMonitor();
  readonly events: EventRecorder;
  private readonly ips = processIps;
  private readonly workers = new Map<string, PodWorker>();
  private unsubscribe?: () => void;
  private stopped = false;
  private readonly starting = new Set<string>();

  private readonly schedulerEvents: EventRecorder;
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly removals = new Set<Promise<unknown>>();

  constructor(
    readonly api: Api,
    readonly opts: KubeletOptions,
  ) {
    this.events = new EventRecorder(api, 'kubelet', NODE_NAME);
    this.schedulerEvents = new EventRecorder(api, 'default-scheduler');
  }

  async start(): Promise<void> {
    const info = await processExec.run('docker', ['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: 30_000,
    });
    if (info.code !== 0) {
      throw new Error(
        `kube double: the kubelet runs pods as Docker containers, but the engine does not answer (docker version: ${(info.stderr || info.stdout).trim().split('\n').pop()}); start it (test/stack/docker-engine.ts) or use startKubeDouble({ kubelet: false })`,
      );
    }
    await sweepOrphanContainers();
    this.unsubscribe = this.api.store.subscribe((e) => {
      if (e.rt !== POD) return;
      const uid = e.object.metadata.uid!;
      if (e.type === 'DELETED') {
        const w = this.workers.get(uid);
        if (w && !w.terminating) void w.kill();
        return;
      }
      if (e.object.metadata.deletionTimestamp) {
        const w = this.workers.get(uid);
        if (w) void w.terminate();
        else if (!this.starting.has(uid))
          this.api.finishDeletion(POD, e.object.metadata.namespace, e.object.metadata.name!);
        return;
      }
      if (!this.workers.has(uid) && !this.starting.has(uid)) void this.admit(e.object);
    });
    for (const pod of this.api.store.list(POD)) void this.admit(pod);
  }

  private async admit(pod: KubeObject) {
    const uid = pod.metadata.uid!;
    if (this.stopped || this.workers.has(uid) || this.starting.has(uid)) return;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    this.starting.add(uid);
    try {
      const ns = pod.metadata.namespace!;
      const name = pod.metadata.name!;
      let current = this.api.store.get(POD, ns, name);
      if (!current || current.metadata.uid !== uid || this.stopped) return;
      if (!current.spec.nodeName) {
        const bound = bindOrReject(this.api, this.schedulerEvents, current);
        if (!bound) {
          // Unschedulable: try again later (other pods may go away).
          const t = setTimeout(() => {
            this.retries.delete(t);
            const again = this.api.store.get(POD, ns, name);
            if (again && again.metadata.uid === uid) void this.admit(again);
          }, 2000 / this.opts.speed);
          t.unref();
          this.retries.add(t);
          return;
        }
        current = bound;
      }
      const ip = await this.ips.allocate(portOf(current.spec?.containers?.[0]));
      current = this.api.store.get(POD, ns, name);
      if (!current || current.metadata.uid !== uid || this.stopped) {
        this.ips.release(ip);
        return;
      }
      const worker = new PodWorker(this, ns, name, uid, ip, current.spec);
      this.workers.set(uid, worker);
      worker.start();
      if (current.metadata.deletionTimestamp) void worker.terminate();
    } finally {
      this.starting.delete(uid);
    }
  }

  release(worker: PodWorker): void {
    if (this.workers.get(worker.uid) === worker) this.workers.delete(worker.uid);
    this.ips.release(worker.podIp);
  }

  async imagePresent(image: string): Promise<boolean> {
    const r = await processExec.run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
      timeoutMs: 30_000,
    });
    return r.code === 0;
  }

  async imageId(image: string): Promise<string> {
    const r = await processExec.run(
      'docker',
      ['image', 'inspect', '--format', '{{json .RepoDigests}}|{{.Id}}', image],
      {
        timeoutMs: 30_000,
      },
    );
    if (r.code !== 0) return '';
    const [digests, id] = r.stdout.trim().split('|');
    try {
      const list = JSON.parse(digests) as string[];
      const repo = image.split('@')[0].replace(/:[^/:]+$/, '');
      const match = list.find((d) => d.startsWith(`${repo}@`)) ?? list[0];
      if (match) return `docker-pullable://${match}`;
    } catch {
      /* fall through */
    }
    return `docker://${id}`;
  }

  /** docker pull, with the pod's imagePullSecrets (dockerconfigjson) in a private DOCKER_CONFIG. */
  async pull(
    image: string,
    pod: KubeObject,
  ): Promise<{ ok: boolean; message: string; size?: number }> {
    let configDir: string | undefined;
    try {
      const auths: Record<string, unknown> = {};
      for (const ref of pod.spec?.imagePullSecrets ?? []) {
        const s = this.api.store.get(SECRET, pod.metadata.namespace, ref.name);
        const raw = s?.data?.['.dockerconfigjson'];
        if (!raw) continue;
        try {
          Object.assign(auths, JSON.parse(Buffer.from(raw, 'base64').toString('utf8')).auths ?? {});
        } catch {
          /* a malformed pull secret is ignored, as the kubelet does */
        }
      }
      const env = { ...process.env };
      if (Object.keys(auths).length) {
        configDir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'oasis-kube-pull-'));
        writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths }), { mode: 0o600 });
        env.DOCKER_CONFIG = configDir;
      }
      const r = await processExec.run('docker', ['pull', '--quiet', image], {
        env,
        timeoutMs: 300_000,
      });
      if (r.code === 0) {
        const size = await processExec.run('docker', [
          'image',
          'inspect',
          '--format',
          '{{.Size}}',
          image,
        ]);
        return { ok: true, message: '', size: Number(size.stdout.trim()) || undefined };
      }
      const text = (r.stderr || r.stdout).trim().split('\n').pop() ?? 'pull failed';
      return { ok: false, message: `rpc error: code = Unknown desc = ${text}` };
    } finally {
      if (configDir) rmSync(configDir, { recursive: true, force: true });
    }
  }

  async startContainer(
    worker: PodWorker,
    runner: ContainerRunner,
    env: Map<string, string>,
    attempt: number,
  ): Promise<{ id?: string; error?: string }> {
    const spec = runner.spec;
    const name =
      `oasis-kube-${this.opts.doubleId}-${worker.namespace}-${worker.name}-${spec.name}-${attempt}`.slice(
        0,
        200,
      );
    const vars = new Map<string, string>([
      ['POD_IP', worker.podIp],
      ['PORT', String(portOf(spec))],
      ...env,
    ]);
    const args = [
      'run',
      '--detach',
      '--name',
      name,
      '--network',
      'host',
      '--label',
      `${DOUBLE_LABEL}=${this.opts.doubleId}`,
      '--label',
      `${PID_LABEL}=${process.pid}`,
      '--label',
      `io.kubernetes.pod.name=${worker.name}`,
      '--label',
      `io.kubernetes.pod.namespace=${worker.namespace}`,
      '--label',
      `io.kubernetes.pod.uid=${worker.uid}`,
      '--label',
      `io.kubernetes.container.name=${spec.name}`,
    ];
    // Values travel in the docker CLI's environment (`--env NAME`), never on its command line.
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of vars) {
      args.push('--env', k);
      childEnv[k] = v;
    }
    const mem = memoryBytes(spec.resources?.limits?.memory);
    if (mem)
      args.push(
        '--memory',
        String(Math.max(mem, 6 * 1024 * 1024)),
        '--memory-swap',
        String(Math.max(mem, 6 * 1024 * 1024)),
      );
    if (spec.workingDir) args.push('--workdir', spec.workingDir);
    const command: string[] | undefined = spec.command;
    const cargs: string[] = spec.args ?? [];
    if (command?.length) args.push('--entrypoint', command[0]);
    args.push(spec.image);
    if (command?.length) args.push(...command.slice(1), ...cargs);
    else args.push(...cargs);
    const run = processExec.run('docker', args, { env: childEnv, timeoutMs: 120_000 });
    this.inflight.add(run);
    const r = await run.finally(() => this.inflight.delete(run));
    if (r.code === 0) return { id: r.stdout.trim() };
    // A created-but-not-started container still has to go.
    await processExec.run('docker', ['rm', '--force', name]);
    return { error: (r.stderr || r.stdout).trim().split('\n').pop() };
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    await processExec.run(
      'docker',
      ['stop', '--time', String(Math.max(0, Math.round(graceSeconds))), id],
      {
        timeoutMs: 60_000,
      },
    );
  }

  async removeContainer(id: string): Promise<void> {
    this.monitor.forget(id);
    const removal = processExec.run('docker', ['rm', '--force', id], { timeoutMs: 60_000 });
    this.removals.add(removal);
    await removal.finally(() => this.removals.delete(removal));
  }

  /** `docker logs --follow`, stdout and stderr interleaved as they arrive. */
  private followLogs(id: string, opts: LogOptions): LogStream {
    const args = ['logs', '--follow'];
    if (opts.tailLines !== undefined) args.push('--tail', String(opts.tailLines));
    if (opts.timestamps) args.push('--timestamps');
    if (opts.sinceSeconds) args.push('--since', `${opts.sinceSeconds}s`);
    args.push(id);
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = new PassThrough();
    let open = 2;
    const done = () => {
      if (--open === 0) out.end();
    };
    child.stdout.on('data', (c: Buffer) => out.write(c));
    child.stderr.on('data', (c: Buffer) => out.write(c));
    child.stdout.on('end', done);
    child.stderr.on('end', done);
    child.on('error', () => out.end());
    return { stream: out, stop: () => child.kill() };
  }

  dockerLogs(id: string, opts: LogOptions): Promise<string> {
    const args = ['logs'];
    if (opts.tailLines !== undefined) args.push('--tail', String(opts.tailLines));
    if (opts.timestamps) args.push('--timestamps');
    if (opts.sinceSeconds) args.push('--since', `${opts.sinceSeconds}s`);
    args.push(id);
    return new Promise((resolve) => {
      const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stderr.on('data', (c: Buffer) => chunks.push(c));
      child.on('error', () => resolve(''));
      child.on('close', () => {
        let text = Buffer.concat(chunks).toString('utf8');
        if (opts.limitBytes) text = text.slice(0, opts.limitBytes);
        resolve(text);
      });
    });
  }

  /** `GET .../pods/NAME/log`: the container's output, or the API server's error when there is none. */
  async logs(pod: KubeObject, opts: LogOptions): Promise<string | LogStream> {
    const { ApiError } = await import('./api-errors.js');
    const worker = this.workers.get(pod.metadata.uid!);
    const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    let container = opts.container;
    if (!container) {
      if (names.length !== 1) {
        throw new ApiError(
          400,
          'BadRequest',
          `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`,
        );
      }
      container = names[0];
    }
    const initNames: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
    if (!names.includes(container) && !initNames.includes(container)) {
      throw new ApiError(
        400,
        'BadRequest',
        `container ${container} is not valid for pod ${pod.metadata.name}`,
      );
    }
    const runner = worker?.allRunners().find((r) => r.spec.name === container);
    const id = opts.previous ? runner?.previousDockerId : runner?.dockerId;
    if (!id) {
      if (opts.previous) {
        throw new ApiError(
          400,
          'BadRequest',
          `previous terminated container "${container}" in pod "${pod.metadata.name}" not found`,
        );
      }
      const reason = runner?.status.state.waiting?.reason ?? 'ContainerCreating';
      const why =
        reason === 'ErrImagePull' || reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : reason;
      throw new ApiError(
        400,
        'BadRequest',
        `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${why}`,
      );
    }
    if (opts.follow) return this.followLogs(id, opts);
    return this.dockerLogs(id, opts);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.retries) clearTimeout(t);
    const workers = [...this.workers.values()];
    for (const w of workers) w.abort.abort();
    this.monitor.stop();
    await Promise.all(workers.map((w) => w.kill()));
    // A `docker run` still in flight would create a container after the sweep: wait for it.
    await Promise.allSettled([...this.inflight]);
    await Promise.allSettled([...this.removals]);
    await removeContainersByLabel(`${DOUBLE_LABEL}=${this.opts.doubleId}`);
  }
}

/** Removes every container with the label, until none is listed (a removal may be in progress). */
export async function removeContainersByLabel(label: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await processExec.run('docker', [
      'ps',
      '--all',
      '--quiet',
      '--filter',
      `label=${label}`,
    ]);
    const ids = r.stdout.split(/\s+/).filter(Boolean);
    if (ids.length === 0 || r.code !== 0 || Date.now() > deadline) return;
    await processExec.run('docker', ['rm', '--force', ...ids], { timeoutMs: 120_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Removes pod containers left by doubles whose process died (a crashed test run). */
export async function sweepOrphanContainers(): Promise<void> {
  const r = await processExec.run('docker', [
    'ps',
    '--all',
    '--filter',
    `label=${DOUBLE_LABEL}`,
    '--format',
    `{{.ID}} {{.Label "${PID_LABEL}"}}`,
  ]);
  const orphans: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const [id, pid] = line.trim().split(' ');
    if (!id) continue;
    let alive = false;
    try {
      process.kill(Number(pid), 0);
      alive = true;
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) orphans.push(id);
  }
  if (orphans.length)
    await processExec.run('docker', ['rm', '--force', ...orphans], { timeoutMs: 120_000 });
}
