import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findManifestFiles, globToRegExp } from '../../../src/k8s-rollout/manifest-files.js';
import {
  loadManifests,
  parseManifests,
  substituteImages,
} from '../../../src/k8s-rollout/manifests.js';

const DEPLOYMENT = `# the api
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/api:1.0
      containers:
        - name: app
          image: ghcr.io/acme/api:1.0
        - name: proxy
          image: envoyproxy/envoy:v1.30
`;

describe('parseManifests', () => {
  test('multi-document YAML keeps the line of each document', async () => {
    const text = `---\n${DEPLOYMENT}---\n\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\n---\n# empty\n`;
    const manifests = await parseManifests(text, 'k8s/app.yaml');
    expect(manifests.map((m) => [m.object.kind, m.source])).toEqual([
      ['Deployment', 'k8s/app.yaml:3'],
      ['Service', 'k8s/app.yaml:20'],
    ]);
  });

  test('invalid YAML names file and line', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [unclosed\n';
    await expect(parseManifests(text, 'k8s/bad.yaml')).rejects.toThrow(
      /^k8s\/bad\.yaml:\d+: invalid YAML: /,
    );
  });

  test('a document without kind is reported at its line', async () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nmetadata:\n  name: b\n';
    await expect(parseManifests(text, 'x.yaml')).rejects.toThrow(
      'x.yaml:6: the manifest has no kind',
    );
  });

  test('kind: List is expanded; JSON works', async () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } },
      ],
    });
    const manifests = await parseManifests(list, 'list.json');
    expect(manifests.map((m) => m.object.kind)).toEqual(['ConfigMap', 'Secret']);
  });
});

describe('substituteImages', () => {
  test('replaces every container with that image name, ignoring tag, and reports', async () => {
    const manifests = await parseManifests(DEPLOYMENT, 'a.yaml');
    const ref = 'ghcr.io/acme/api@sha256:' + 'a'.repeat(64);
    const report = substituteImages(manifests, [{ name: 'ghcr.io/acme/api', ref }]);
    const spec = manifests[0].object.spec.template.spec;
    expect(spec.initContainers[0].image).toBe(ref);
    expect(spec.containers[0].image).toBe(ref);
    expect(spec.containers[1].image).toBe('envoyproxy/envoy:v1.30');
    expect(report.changes).toHaveLength(2);
    expect(report.changes[1]).toBe(`Deployment/api container app: ghcr.io/acme/api:1.0 → ${ref}`);
  });

  test('docker.io names compare canonically', async () => {
    const manifests = await parseManifests(
      DEPLOYMENT.replace('envoyproxy/envoy:v1.30', 'nginx:1.27'),
      'a.yaml',
    );
    substituteImages(manifests, [{ name: 'docker.io/library/nginx', ref: 'nginx:1.28' }]);
    expect(manifests[0].object.spec.template.spec.containers[1].image).toBe('nginx:1.28');
  });

  test('a substitution that matches nothing is an error listing the images', async () => {
    const manifests = await parseManifests(DEPLOYMENT, 'a.yaml');
    expect(() => substituteImages(manifests, [{ name: 'ghcr.io/acme/apx', ref: 'x:1' }])).toThrow(
      "input 'images': 'ghcr.io/acme/apx' matched no container image in the manifests (images there: ghcr.io/acme/api:1.0, envoyproxy/envoy:v1.30)",
    );
  });
});

describe('findManifestFiles and loadManifests', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manifests-'));
    mkdirSync(join(dir, 'k8s/overlays'), { recursive: true });
    writeFileSync(
      join(dir, 'k8s/b.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    );
    writeFileSync(
      join(dir, 'k8s/a.yml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    );
    writeFileSync(join(dir, 'k8s/README.md'), '# not a manifest');
    writeFileSync(
      join(dir, 'k8s/overlays/c.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('directories (not recursive), files and globs, sorted, without duplicates', () => {
    expect(findManifestFiles(['k8s'], dir).map((f) => f.slice(dir.length + 1))).toEqual([
      'k8s/a.yml',
      'k8s/b.yaml',
    ]);
    expect(
      findManifestFiles(['k8s/**/*.yaml', 'k8s/b.yaml'], dir).map((f) => f.slice(dir.length + 1)),
    ).toEqual(['k8s/b.yaml', 'k8s/overlays/c.yaml']);
  });

  test('entries that match nothing are all named', () => {
    expect(() => findManifestFiles(['k8s/*.json', 'deploy.yaml'], dir)).toThrow(
      "input 'manifests': no manifest found for 'k8s/*.json', 'deploy.yaml'",
    );
  });

  test('the same object twice is an error naming both places', async () => {
    const files = findManifestFiles(['k8s/a.yml', 'k8s/overlays/c.yaml'], dir);
    await expect(loadManifests(files, dir)).rejects.toThrow(
      'k8s/overlays/c.yaml:1: ConfigMap/a is also defined at k8s/a.yml:1',
    );
  });

  test('globToRegExp', () => {
    expect(globToRegExp('k8s/*.{yaml,yml}').test('k8s/a.yml')).toBe(true);
    expect(globToRegExp('k8s/*.yaml').test('k8s/x/a.yaml')).toBe(false);
    expect(globToRegExp('**/*.yaml').test('a.yaml')).toBe(true);
  });
});
