import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { globToRegExp } from '../../../src/update-gitops-manifest/checkout-files.js';
import { planEdits, type EditSpec } from '../../../src/update-gitops-manifest/edit-plan.js';
import { parseImageLine, parseValueLine } from '../../../src/update-gitops-manifest/inputs.js';

let root: string;
let outside: string;

const deployment = (name: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`;

function write(path: string, text: string) {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}

function spec(partial: Partial<EditSpec>): EditSpec {
  return {
    images: [],
    values: [],
    files: [],
    maxFileSize: 1_000_000,
    maxExpandedNodes: 10_000,
    ...partial,
  };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'oasis-plan-'));
  outside = mkdtempSync(join(tmpdir(), 'oasis-outside-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

test('globs limit where images are looked for; ! excludes', async () => {
  write('prod/api.yaml', deployment('api', 'ghcr.io/acme/api:1'));
  write('staging/api.yml', deployment('api', 'ghcr.io/acme/api:1'));
  write('prod/legacy/api.yaml', deployment('api', 'ghcr.io/acme/api:1'));
  const plan = await planEdits(
    root,
    spec({ images: [parseImageLine('ghcr.io/acme/api=2')], files: ['prod/**', '!prod/legacy/**'] }),
  );
  expect(plan.files.map((f) => f.path)).toEqual(['prod/api.yaml']);
  expect(plan.matched).toEqual({ 'ghcr.io/acme/api': 1 });
});

test.each([
  ['**/*.yaml', 'a/b/c.yaml', true],
  ['**/*.yaml', 'c.yaml', true],
  ['env/*/deploy.yaml', 'env/prod/deploy.yaml', true],
  ['env/*/deploy.yaml', 'env/prod/x/deploy.yaml', false],
  ['env/{prod,stage}/**', 'env/stage/a.yaml', true],
  ['env/{prod,stage}/**', 'env/dev/a.yaml', false],
  ['apps/', 'apps/x/y.yaml', true],
])('glob %s matches %s: %s', (glob, path, result) => {
  expect(globToRegExp(glob).test(path)).toBe(result);
});

test('files with the image are parsed; a broken unrelated file does not matter; templates are skipped', async () => {
  write('a.yaml', deployment('a', 'ghcr.io/acme/api:1'));
  write('broken-unrelated.yaml', 'x: [\n');
  write(
    'chart/templates/deploy.yaml',
    '{{- if .Values.enabled }}\nimage: {{ .Values.image }} # ghcr.io/acme/api\n{{- end }}\n',
  );
  // a rules file whose strings hold {{ }} is still YAML and still edited
  write(
    'rules.yaml',
    `${deployment('r', 'ghcr.io/acme/api:1')}---\nkind: PrometheusRule\nspec: {groups: [{rules: [{annotations: {summary: "{{ $labels.pod }} down"}}]}]}\n`,
  );
  const plan = await planEdits(root, spec({ images: [parseImageLine('ghcr.io/acme/api=2')] }));
  expect(plan.files.map((f) => f.path)).toEqual(['a.yaml', 'rules.yaml']);
  expect(plan.skipped).toEqual([
    'chart/templates/deploy.yaml: a template ({{ … }}), not plain YAML',
  ]);
});

test('symlinks escaping the checkout are skipped (globs) or refused (named files)', async () => {
  writeFileSync(join(outside, 'secret.yaml'), deployment('x', 'ghcr.io/acme/api:1'));
  write('a.yaml', deployment('a', 'ghcr.io/acme/api:1'));
  symlinkSync(join(outside, 'secret.yaml'), join(root, 'link.yaml'));
  const plan = await planEdits(root, spec({ images: [parseImageLine('ghcr.io/acme/api=2')] }));
  expect(plan.files.map((f) => f.path)).toEqual(['a.yaml']);
  expect(plan.skipped).toEqual(['link.yaml: a symlink to outside the checkout']);
  await expect(
    planEdits(root, spec({ values: [parseValueLine('set', 'link.yaml:kind=Pod')] })),
  ).rejects.toThrow(
    "set 'link.yaml:kind': 'link.yaml' is a symlink leading outside the checkout; refused",
  );
});

test('.. and absolute paths are refused', async () => {
  await expect(
    planEdits(root, spec({ values: [parseValueLine('set', '../x.yaml:a=1')] })),
  ).rejects.toThrow("'../x.yaml' leads outside the checkout");
  await expect(
    planEdits(root, spec({ values: [parseValueLine('set', 'a/../../x.yaml:a=1')] })),
  ).rejects.toThrow('leads outside the checkout');
  await expect(
    planEdits(root, spec({ values: [parseValueLine('set', '/etc/x.yaml:a=1')] })),
  ).rejects.toThrow('must be a path relative to the checkout');
});

test('files inside .git are refused', async () => {
  write('.git/x.yaml', 'a: 1\n');
  await expect(
    planEdits(root, spec({ values: [parseValueLine('set', '.git/x.yaml:a=2')] })),
  ).rejects.toThrow("'.git/x.yaml' is inside .git; refused");
});

test('files over the size limit are refused', async () => {
  write('values.yaml', `image:\n  tag: v1\n# ${'x'.repeat(5000)}\n`);
  await expect(
    planEdits(
      root,
      spec({
        maxFileSize: 2048,
        values: [parseValueLine('helm-values', 'values.yaml:image.tag=v2')],
      }),
    ),
  ).rejects.toThrow(/'values.yaml' is \d+ bytes, over the limit of 2048; refused/);
  write('big.yaml', `${deployment('a', 'ghcr.io/acme/api:1')}# ${'x'.repeat(5000)}\n`);
  write('small.yaml', deployment('b', 'ghcr.io/acme/api:1'));
  const plan = await planEdits(
    root,
    spec({ maxFileSize: 2048, images: [parseImageLine('ghcr.io/acme/api=2')] }),
  );
  expect(plan.files.map((f) => f.path)).toEqual(['small.yaml']);
  expect(plan.skipped[0]).toMatch(/^big.yaml: \d+ bytes, over the limit of 2048$/);
});

test('an image and a value edit in the same file make one edited file', async () => {
  write('app.yaml', deployment('a', 'ghcr.io/acme/api:1'));
  const plan = await planEdits(
    root,
    spec({
      images: [parseImageLine('ghcr.io/acme/api=2')],
      values: [parseValueLine('set', 'app.yaml:metadata.name=b')],
    }),
  );
  expect(plan.files).toHaveLength(1);
  expect(plan.files[0].after).toBe(deployment('b', 'ghcr.io/acme/api:2'));
  expect(plan.changes).toHaveLength(2);
});

test('an unmatched image lists the images seen', async () => {
  write('a.yaml', deployment('a', 'ghcr.io/acme/api:1'));
  write('k/kustomization.yaml', 'images:\n- name: redis\n  newTag: "7"\n');
  await expect(
    planEdits(root, spec({ images: [parseImageLine('ghcr.io/acme/web=2')] })),
  ).rejects.toThrow(
    "images: 'ghcr.io/acme/web' matched no container, initContainer or kustomization image in 2 YAML files. Images seen: ghcr.io/acme/api:1, redis",
  );
});
