/**
 * Golden tests: realistic manifests of every supported kind, with comments, anchors, flow style,
 * quotes, CRLF and document separators. After the edit the text must equal the original with
 * exactly the changed scalar replaced, and nothing else.
 */
import { parseYaml, YamlEditor } from '../../../src/shared/yaml-edit.js';
import {
  scanImages,
  type Change,
  type ImageScan,
} from '../../../src/update-gitops-manifest/image-edits.js';
import { parseImageLine, parseValueLine } from '../../../src/update-gitops-manifest/inputs.js';
import { applyValueUpdate } from '../../../src/update-gitops-manifest/value-edits.js';

function edit(
  text: string,
  options: { images?: string[]; set?: string[]; file?: string },
): { after: string; changes: Change[]; matched: Map<string, number> } {
  const file = options.file ?? 'manifest.yaml';
  const parsed = parseYaml(text, file);
  const editor = new YamlEditor(parsed);
  const scan: ImageScan = { changes: [], matched: new Map(), seen: new Set() };
  const images = (options.images ?? []).map(parseImageLine);
  if (images.length) scanImages(parsed, editor, images, scan, file.split('/').pop()!);
  for (const line of options.set ?? []) {
    applyValueUpdate(parsed, editor, parseValueLine('set', `${file}:${line}`), scan.changes);
  }
  return { after: editor.result(), changes: scan.changes, matched: scan.matched };
}

/** `text` with each [from, to] replaced at its one and only occurrence. */
function expected(text: string, ...replacements: Array<[string, string]>): string {
  let out = text;
  for (const [from, to] of replacements) {
    const first = out.indexOf(from);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(out.indexOf(from, first + 1)).toBe(-1);
    out = out.replace(from, () => to);
  }
  return out;
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

const DEPLOYMENT = `# Source: api/templates/deployment.yaml
# Image bumps come from CI; everything else is edited by people.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod   # production namespace
  labels: &labels
    app.kubernetes.io/name: api
    app.kubernetes.io/part-of: "shop"
  annotations:
    deployment.kubernetes.io/revision: '7'
spec:
  replicas: 3
  selector:
    matchLabels: *labels
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata:
      labels: *labels
    spec:
      initContainers:
        - name: migrate
          image: "ghcr.io/acme/api:1.4.2"  # same image runs the migrations
          args: ["migrate", "--yes"]
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2 # bumped by CI
          ports: [{containerPort: 8080, name: http}]
          env:
            - {name: LOG_LEVEL, value: "info"}
        - name: envoy
          image: 'docker.io/envoyproxy/envoy:v1.29.1'
`;

describe('golden: workload kinds', () => {
  test('Deployment (LF): container and initContainer bumped, quoting and comments kept', () => {
    const { after, changes } = edit(DEPLOYMENT, { images: ['ghcr.io/acme/api=1.5.0'] });
    expect(after).toBe(
      expected(
        DEPLOYMENT,
        ['image: "ghcr.io/acme/api:1.4.2"', 'image: "ghcr.io/acme/api:1.5.0"'],
        ['image: ghcr.io/acme/api:1.4.2 #', 'image: ghcr.io/acme/api:1.5.0 #'],
      ),
    );
    expect(changes.map((c) => [c.target, c.old, c.new, c.line])).toEqual([
      [
        'Deployment/api initContainer migrate image',
        'ghcr.io/acme/api:1.4.2',
        'ghcr.io/acme/api:1.5.0',
        24,
      ],
      [
        'Deployment/api container api image',
        'ghcr.io/acme/api:1.4.2',
        'ghcr.io/acme/api:1.5.0',
        28,
      ],
    ]);
  });

  test('Deployment (CRLF): line endings and trailing newline kept byte for byte', () => {
    const before = crlf(DEPLOYMENT);
    const { after } = edit(before, { images: ['docker.io/envoyproxy/envoy=v1.30.0'] });
    expect(after).toBe(
      expected(before, [
        "'docker.io/envoyproxy/envoy:v1.29.1'",
        "'docker.io/envoyproxy/envoy:v1.30.0'",
      ]),
    );
    expect(after.split('\r\n').length).toBe(before.split('\r\n').length);
    expect(after.endsWith('\r\n')).toBe(true);
  });

  test('StatefulSet without a trailing newline, digest pin replaced by a new digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const next = `sha256:${'b'.repeat(64)}`;
    const before = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  template:
    spec:
      containers:
      - name: postgres
        image: registry.local:5000/acme/db:16.2@${digest}
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]`;
    const { after } = edit(before, { images: [`registry.local:5000/acme/db=16.3@${next}`] });
    expect(after).toBe(expected(before, [`acme/db:16.2@${digest}`, `acme/db:16.3@${next}`]));
    expect(after.endsWith('postgresql}]')).toBe(true);
  });

  test('DaemonSet and ReplicaSet in one file with --- separators and a document end marker', () => {
    const before = `---
# node agent
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: quay.io/acme/agent:2.0   # pinned
...
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: agent-rs
spec:
  template:
    spec:
      containers: [{name: agent, image: quay.io/acme/agent:2.0}]
`;
    const { after, changes } = edit(before, { images: ['quay.io/acme/agent=2.1'] });
    expect(after).toBe(
      expected(
        before,
        ['image: quay.io/acme/agent:2.0   #', 'image: quay.io/acme/agent:2.1   #'],
        ['image: quay.io/acme/agent:2.0}', 'image: quay.io/acme/agent:2.1}'],
      ),
    );
    expect(changes.map((c) => c.target)).toEqual([
      'DaemonSet/agent container agent image',
      'ReplicaSet/agent-rs container agent image',
    ]);
  });

  test('Job and CronJob (jobTemplate) with an image given by a full image-ref of another registry', () => {
    const before = `apiVersion: batch/v1
kind: Job
metadata:
  name: backfill
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: backfill
          image: ghcr.io/acme/tools:0.9.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: "ghcr.io/acme/tools:0.9.0"
`;
    const digest = `sha256:${'c'.repeat(64)}`;
    // image-ref from build-image naming the same repository: only the reference changes
    const { after } = edit(before, { images: [`ghcr.io/acme/tools@${digest}`] });
    expect(after).toBe(
      expected(
        before,
        ['image: ghcr.io/acme/tools:0.9.0', `image: ghcr.io/acme/tools@${digest}`],
        ['image: "ghcr.io/acme/tools:0.9.0"', `image: "ghcr.io/acme/tools@${digest}"`],
      ),
    );
  });

  test('moving an image to another registry, and running the same move again changes nothing', () => {
    const before =
      'kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: ghcr.io/acme/api:1 # moved\n';
    const move = ['ghcr.io/acme/api=registry.acme.test/api:2'];
    const once = edit(before, { images: move });
    expect(once.after).toBe(expected(before, ['ghcr.io/acme/api:1', 'registry.acme.test/api:2']));
    const twice = edit(once.after, { images: move });
    expect(twice.after).toBe(once.after);
    expect(twice.changes).toEqual([]);
    expect(twice.matched.get('ghcr.io/acme/api')).toBe(1);
  });

  test('Pod and argoproj.io Rollout; a Rollout of another API group is not touched', () => {
    const before = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
  - name: shell
    image: nginx:1.25 # docker hub short name
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  strategy:
    canary:
      steps: [{setWeight: 20}, {pause: {duration: 60s}}]
  template:
    spec:
      containers:
        - name: web
          image: docker.io/library/nginx:1.25
---
apiVersion: example.com/v1
kind: Rollout
metadata: {name: other}
spec: {template: {spec: {containers: [{name: x, image: "nginx:1.25"}]}}}
`;
    const { after, changes } = edit(before, { images: ['nginx=1.27'] });
    expect(after).toBe(
      expected(
        before,
        ['image: nginx:1.25 #', 'image: nginx:1.27 #'],
        ['image: docker.io/library/nginx:1.25', 'image: docker.io/library/nginx:1.27'],
      ),
    );
    expect(changes.map((c) => c.target)).toEqual([
      'Pod/debug container shell image',
      'Rollout/web container web image',
    ]);
  });

  test('an image behind an anchor is edited once, at the anchor', () => {
    const before = `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: &img ghcr.io/acme/worker:3.1.0 # shared
      containers:
        - name: worker
          image: *img
`;
    const { after, changes } = edit(before, { images: ['ghcr.io/acme/worker=3.2.0'] });
    expect(after).toBe(
      expected(before, ['&img ghcr.io/acme/worker:3.1.0', '&img ghcr.io/acme/worker:3.2.0']),
    );
    expect(changes).toHaveLength(2);
  });

  test('a List of workloads', () => {
    const before = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: a}
  spec: {template: {spec: {containers: [{name: a, image: "ghcr.io/acme/a:1"}]}}}
`;
    const { after } = edit(before, { images: ['ghcr.io/acme/a=2'] });
    expect(after).toBe(expected(before, ['"ghcr.io/acme/a:1"', '"ghcr.io/acme/a:2"']));
  });
});

describe('golden: odd but valid layouts', () => {
  test('a byte order mark, a comment between key and value, and an explicit tag', () => {
    const before =
      '\uFEFFapiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: # pinned by CI\n      !!str ghcr.io/acme/api:1\n';
    const { after } = edit(before, { images: ['ghcr.io/acme/api=2'] });
    expect(after).toBe(expected(before, ['!!str ghcr.io/acme/api:1', '!!str ghcr.io/acme/api:2']));
    expect(after.startsWith('\uFEFF')).toBe(true);
  });

  test('CRLF, flow style all the way down and no trailing newline', () => {
    const before = crlf(
      'kind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [\n  {name: a, image: ghcr.io/acme/api:1},\n  {name: b, image: "ghcr.io/acme/api:1"}\n  ]}}}',
    );
    const { after } = edit(before, { images: ['ghcr.io/acme/api=2'] });
    expect(after).toBe(
      expected(
        before,
        ['image: ghcr.io/acme/api:1}', 'image: ghcr.io/acme/api:2}'],
        ['image: "ghcr.io/acme/api:1"', 'image: "ghcr.io/acme/api:2"'],
      ),
    );
  });

  test('a value added to a flow mapping goes before its closing brace', () => {
    const before = 'images:\n  - {name: ghcr.io/acme/api, newTag: v1}  # kept\n';
    const digest = `sha256:${'9'.repeat(64)}`;
    const { after } = edit(before, {
      images: [`ghcr.io/acme/api=v2@${digest}`],
      file: 'kustomization.yaml',
    });
    expect(after).toBe(
      `images:\n  - {name: ghcr.io/acme/api, newTag: v2, digest: ${digest}}  # kept\n`,
    );
  });
});

describe('golden: kustomization images', () => {
  const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
# Base configuration
resources:
- deployment.yaml
- service.yaml

# Image configuration
images:
- name: service-name         # as written in the base
  newName: ghcr.io/acme/api
  newTag: v1.2.3
- name: redis
  newTag: "7.2"
- {name: ghcr.io/acme/web, newTag: '2.0.0'}

commonLabels:
  app.kubernetes.io/version: v1.2.3
`;

  test('newTag replaced in place, matched by newName; the label that looks alike is left alone', () => {
    const { after } = edit(KUSTOMIZATION, {
      images: ['ghcr.io/acme/api=v1.3.0'],
      file: 'overlays/prod/kustomization.yaml',
    });
    expect(after).toBe(expected(KUSTOMIZATION, ['newTag: v1.2.3', 'newTag: v1.3.0']));
  });

  test('a digest is added as a new line with the same indentation (CRLF kept)', () => {
    const before = crlf(KUSTOMIZATION);
    const digest = `sha256:${'d'.repeat(64)}`;
    const { after } = edit(before, { images: [`redis=${digest}`], file: 'kustomization.yaml' });
    expect(after).toBe(
      expected(before, ['  newTag: "7.2"\r\n', `  newTag: "7.2"\r\n  digest: ${digest}\r\n`]),
    );
  });

  test('flow-style entry: tag replaced keeping single quotes', () => {
    const { after } = edit(KUSTOMIZATION, {
      images: ['ghcr.io/acme/web=2.1.0'],
      file: 'kustomization.yaml',
    });
    expect(after).toBe(expected(KUSTOMIZATION, ["newTag: '2.0.0'", "newTag: '2.1.0'"]));
  });

  test('a tag-only bump removes a stale digest (a digest would win over the tag)', () => {
    const before = `kind: Kustomization
images:
  - name: ghcr.io/acme/api
    newTag: v1
    digest: sha256:${'e'.repeat(64)} # pinned
  - name: other
    newTag: v9
`;
    const { after } = edit(before, { images: ['ghcr.io/acme/api=v2'], file: 'kustomization.yaml' });
    expect(after).toBe(
      expected(
        before,
        ['    newTag: v1\n', '    newTag: v2\n'],
        [`    digest: sha256:${'e'.repeat(64)} # pinned\n`, ''],
      ),
    );
  });
});

describe('golden: helm values and any key', () => {
  const VALUES = `# Default values for api.
replicaCount: 2

image:
  repository: ghcr.io/acme/api
  # Overrides the image tag whose default is the chart appVersion.
  tag: "1.4.2"
  pullPolicy: IfNotPresent

podAnnotations: {prometheus.io/scrape: "true", prometheus.io/port: '9090'}
resources: &res
  limits: {cpu: 500m, memory: 256Mi}
sidecar:
  resources: *res
feature:
  enabled: false
`;

  test('image.tag stays a double-quoted string', () => {
    const { after, changes } = edit(VALUES, { set: ['image.tag=1.10'], file: 'values-prod.yaml' });
    expect(after).toBe(expected(VALUES, ['tag: "1.4.2"', 'tag: "1.10"']));
    expect(changes[0]).toMatchObject({ target: 'image.tag', old: '1.4.2', new: '1.10', line: 7 });
  });

  test('numbers and booleans keep their type; a key inside a flow map keeps its quotes', () => {
    const { after } = edit(VALUES, {
      set: ['replicaCount=4', 'feature.enabled=true', 'podAnnotations["prometheus.io/port"]=9102'],
      file: 'values.yaml',
    });
    expect(after).toBe(
      expected(
        VALUES,
        ['replicaCount: 2', 'replicaCount: 4'],
        ['enabled: false', 'enabled: true'],
        ["prometheus.io/port: '9090'", "prometheus.io/port: '9102'"],
      ),
    );
  });

  test('an edit through an alias lands on the anchored value', () => {
    const { after } = edit(VALUES, {
      set: ['sidecar.resources.limits.memory=512Mi'],
      file: 'values.yaml',
    });
    expect(after).toBe(expected(VALUES, ['memory: 256Mi', 'memory: 512Mi']));
  });

  test('a plain string that would read as a number is quoted', () => {
    const before = 'image:\n  tag: v1 # plain\n';
    const { after } = edit(before, { set: ['image.tag=1.20'], file: 'values.yaml' });
    expect(after).toBe('image:\n  tag: "1.20" # plain\n');
  });

  test('a missing last key is appended to its mapping', () => {
    const { after } = edit(VALUES, {
      set: ['image.digest=sha256:' + 'f'.repeat(64)],
      file: 'values.yaml',
    });
    expect(after).toBe(
      expected(VALUES, [
        '  pullPolicy: IfNotPresent\n',
        `  pullPolicy: IfNotPresent\n  digest: sha256:${'f'.repeat(64)}\n`,
      ]),
    );
  });

  test('array index paths', () => {
    const before = `spec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: x:1\n`;
    const { after } = edit(before, {
      set: ['spec.template.spec.containers[0].image=x:2'],
      file: 'pod.yaml',
    });
    expect(after).toBe(expected(before, ['image: x:1', 'image: x:2']));
  });

  test('already matching: no edit at all', () => {
    const { after, changes } = edit(VALUES, {
      set: ['image.tag=1.4.2', 'replicaCount=2'],
      file: 'values.yaml',
    });
    expect(after).toBe(VALUES);
    expect(changes).toEqual([]);
  });

  test('the same key re-edited idempotently: applying twice changes nothing the second time', () => {
    const once = edit(DEPLOYMENT, { images: ['ghcr.io/acme/api=2.0.0'] }).after;
    const twice = edit(once, { images: ['ghcr.io/acme/api=2.0.0'] });
    expect(twice.after).toBe(once);
    expect(twice.changes).toEqual([]);
  });
});

describe('refusals', () => {
  test('a path that does not exist names how far it got', () => {
    expect(() =>
      edit('image:\n  tag: x\n', { set: ['image.registry.host=y'], file: 'values.yaml' }),
    ).toThrow("key not found in values.yaml: 'image' has no key 'registry'");
  });

  test('a key holding a mapping is not a value', () => {
    expect(() => edit('image:\n  tag: x\n', { set: ['image=y'], file: 'values.yaml' })).toThrow(
      "values.yaml has a mapping at 'image'",
    );
  });

  test('invalid YAML fails with file:line:col', () => {
    expect(() => parseYaml('a: 1\nb: [1, 2\nc: 3\n', 'apps/x.yaml')).toThrow(
      /^apps\/x\.yaml:\d+:\d+: not valid YAML/,
    );
  });

  test('an alias bomb is refused', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '',
    ].join('\n');
    expect(() => parseYaml(bomb, 'bomb.yaml')).toThrow(
      'bomb.yaml: refused: its aliases expand to too many nodes',
    );
  });

  test('a block scalar is not rewritten', () => {
    expect(() => edit('note: |\n  hello\n', { set: ['note=bye'], file: 'x.yaml' })).toThrow(
      /block scalar/,
    );
  });
});
