/**
 * One image bumped across a 5,000-manifest checkout, excluding git: list, read, parse (only the
 * files that can mention the image), edit byte-minimally, write. Manifests are generated at run
 * time in a temp dir. Goal: ≤ 2 s.
 *
 *   node --import tsx bench/gitops-5000.ts [manifests=5000]
 *
 * Scenarios: (1) a service image that appears in the few files of one service; (2) a sidecar
 * image that appears in every workload manifest (the worst case: every file parsed and edited).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { planEdits, writeEdits } from '../src/update-gitops-manifest/edit-plan.js';
import { parseImageLine } from '../src/update-gitops-manifest/inputs.js';

const total = Number(process.argv[2] ?? 5000);

function workload(kind: string, service: number): string {
  const pod = `      # containers of svc-${service}
      containers:
        - name: app
          image: "registry.example.test/acme/svc-${service}:1.0.${service % 7}" # bumped by CI
          ports: [{containerPort: 8080, name: http}]
          env:
            - {name: LOG_LEVEL, value: info}
        - name: proxy
          image: registry.example.test/platform/envoy:v1.29.1
          resources: {limits: {cpu: 100m, memory: 64Mi}}`;
  if (kind === 'CronJob') {
    return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: svc-${service}-report\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${pod.replace(/^ {6}/gm, '          ')}\n`;
  }
  return `# svc-${service} ${kind}\napiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: svc-${service}\n  labels: &labels {app: svc-${service}, team: "team-${service % 40}"}\nspec:\n  replicas: ${1 + (service % 5)}\n  selector: {matchLabels: *labels}\n  template:\n    metadata: {labels: *labels}\n    spec:\n${pod}\n`;
}

function generate(root: string, count: number): void {
  const kinds = ['Deployment', 'StatefulSet', 'CronJob', 'service', 'kustomization'];
  for (let i = 0; i < count; i++) {
    const service = Math.floor(i / kinds.length);
    const kind = kinds[i % kinds.length];
    const dir = join(root, 'apps', `team-${service % 40}`, `svc-${service}`);
    mkdirSync(dir, { recursive: true });
    if (kind === 'service') {
      writeFileSync(
        join(dir, 'service.yaml'),
        `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${service}}\nspec:\n  ports: [{port: 80, targetPort: http}]\n  selector: {app: svc-${service}}\n`,
      );
    } else if (kind === 'kustomization') {
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml, statefulset.yaml, cronjob.yaml, service.yaml]\nimages:\n  - name: registry.example.test/acme/svc-${service}\n    newTag: "1.0.${service % 7}"\n`,
      );
    } else {
      writeFileSync(join(dir, `${kind.toLowerCase()}.yaml`), workload(kind, service));
    }
  }
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`,
);
const root = mkdtempSync(join(tmpdir(), 'oasis-bench-5000-'));
try {
  generate(root, total);
  const spec = (image: string) => ({
    images: [parseImageLine(image)],
    values: [],
    files: [],
    maxFileSize: 1_048_576,
    maxExpandedNodes: 10_000,
  });
  const scenarios: Array<[string, string]> = [
    ['one service image (its 4 files)', 'registry.example.test/acme/svc-123=2.0.0'],
    ['sidecar in every workload manifest', 'registry.example.test/platform/envoy=v1.30.0'],
  ];
  for (const [label, image] of scenarios) {
    const runs: number[] = [];
    const planMs: number[] = [];
    let files = 0;
    let changes = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const plan = await planEdits(root, spec(image));
      planMs.push(performance.now() - started);
      await writeEdits(plan);
      runs.push(performance.now() - started);
      if (run === 0) {
        files = plan.files.length;
        changes = plan.changes.length;
        // put the files back so every run does the same work
        for (const file of plan.files) writeFileSync(file.absolute, file.before);
      } else {
        for (const file of plan.files) writeFileSync(file.absolute, file.before);
      }
    }
    const sample = readFileSync(join(root, 'apps', 'team-3', 'svc-123', 'deployment.yaml'), 'utf8');
    if (!sample.includes('svc-123:1.0.4')) throw new Error('restore failed');
    runs.sort((a, b) => a - b);
    console.log(
      `${total} manifests, ${label}: ${files} files / ${changes} changes; ` +
        `time min=${(runs[0] / 1000).toFixed(2)}s median=${(runs[1] / 1000).toFixed(2)}s max=${(runs[2] / 1000).toFixed(2)}s ` +
        `(of which planning, without writing, min=${(Math.min(...planMs) / 1000).toFixed(2)}s) (goal ≤ 2 s)`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
