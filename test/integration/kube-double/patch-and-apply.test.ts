/**
 * The double's patch and field-ownership logic on plain objects: strategic merge patch
 * directives, label selector parsing, server-side apply ownership (shared fields, removal of
 * fields a manager stops applying, keyed list items).
 */
import { serverSideApply, recordUpdate, fromFieldsV1 } from '../../stack/kube/managed-fields.js';
import { strategicMergePatch, mergePatch, jsonPatch } from '../../stack/kube/patch.js';
import {
  matchesRequirements,
  parseLabelSelector,
  SelectorError,
} from '../../stack/kube/selectors.js';
import type { KubeObject } from '../../stack/kube/types.js';

const pod = (containers: unknown[]) => ({ spec: { template: { spec: { containers } } } });

describe('strategic merge patch', () => {
  test('containers merge by name; $patch: delete removes one; null removes a field', () => {
    const base = pod([
      { name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }] },
      { name: 'side', image: 's:1' },
    ]);
    const out = strategicMergePatch(
      base,
      pod([
        { name: 'app', image: 'a:2', env: [{ name: 'Y', value: '2' }] },
        { name: 'side', $patch: 'delete' },
      ]),
    ) as typeof base;
    expect(out.spec.template.spec.containers).toEqual([
      {
        name: 'app',
        image: 'a:2',
        env: [
          { name: 'X', value: '1' },
          { name: 'Y', value: '2' },
        ],
      },
    ]);
    const noEnv = strategicMergePatch(out, pod([{ name: 'app', env: null }])) as typeof base;
    expect(noEnv.spec.template.spec.containers[0]).toEqual({ name: 'app', image: 'a:2' });
  });

  test('$patch: replace, $retainKeys, $deleteFromPrimitiveList, $setElementOrder', () => {
    const replaced = strategicMergePatch(
      { spec: { template: { a: 1, b: 2 } } },
      { spec: { template: { $patch: 'replace', c: 3 } } },
    );
    expect(replaced).toEqual({ spec: { template: { c: 3 } } });
    const strategy = strategicMergePatch(
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
      { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    );
    expect(strategy).toEqual({ strategy: { type: 'Recreate' } });
    const finalizers = strategicMergePatch(
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
    );
    expect(finalizers).toEqual({ metadata: { finalizers: ['b'] } });
    const ordered = strategicMergePatch(pod([{ name: 'app', image: 'a:1' }]), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }],
            containers: [{ name: 'app', image: 'a:3' }],
          },
        },
      },
    });
    expect(ordered).toEqual(pod([{ name: 'app', image: 'a:3' }]));
  });

  test('merge patch and JSON patch', () => {
    expect(mergePatch({ a: { b: 1, c: 2 } }, { a: { b: null, d: 4 } })).toEqual({
      a: { c: 2, d: 4 },
    });
    expect(
      jsonPatch({ a: [1, 2] }, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'remove', path: '/a/0' },
      ]),
    ).toEqual({ a: [2, 3] });
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(
      /test operation failed/,
    );
  });
});

describe('label selectors', () => {
  test('equality, sets, existence', () => {
    const reqs = parseLabelSelector('app=web, tier in (fe, be),!legacy,release,env!=prod');
    expect(matchesRequirements({ app: 'web', tier: 'be', release: 'x', env: 'dev' }, reqs)).toBe(
      true,
    );
    expect(matchesRequirements({ app: 'web', tier: 'be', release: 'x', env: 'prod' }, reqs)).toBe(
      false,
    );
    expect(matchesRequirements({ app: 'web', tier: 'be', release: 'x', legacy: 'y' }, reqs)).toBe(
      false,
    );
    expect(matchesRequirements({ app: 'web', tier: 'db', release: 'x' }, reqs)).toBe(false);
    expect(matchesRequirements({ app: 'web', tier: 'fe' }, reqs)).toBe(false);
    expect(() => parseLabelSelector('a=(b')).toThrow(SelectorError);
  });
});

describe('server-side apply ownership', () => {
  const deployment = (containers: unknown[], labels?: Record<string, string>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', ...(labels ? { labels } : {}) },
    spec: { template: { spec: { containers } } },
  });
  const opts = (manager: string, force = false) => ({ manager, force, apiVersion: 'apps/v1' });

  test('a container the manager stops applying goes; one another manager added stays', () => {
    let obj = serverSideApply(
      undefined,
      deployment([
        { name: 'app', image: 'a:1' },
        { name: 'side', image: 's:1' },
      ]),
      opts('ci'),
    );
    // Another manager (an update, e.g. kubectl patch) adds a third container.
    const patched = structuredClone(obj);
    patched.spec.template.spec.containers.push({ name: 'debug', image: 'd:1' });
    recordUpdate(obj, patched, 'kubectl-patch', 'apps/v1');
    obj = serverSideApply(patched, deployment([{ name: 'app', image: 'a:2' }]), opts('ci'));
    expect(obj.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual([
      'app',
      'debug',
    ]);
    expect(obj.spec.template.spec.containers[0].image).toBe('a:2');
    const managers = obj.metadata.managedFields!.map((m) => m.manager);
    expect(managers).toEqual(['ci', 'kubectl-patch']);
  });

  test('two appliers sharing a value: neither conflicts; when one drops it, the value stays', () => {
    let obj = serverSideApply(
      undefined,
      deployment([{ name: 'app', image: 'a:1' }], { team: 'x' }),
      opts('one'),
    );
    obj = serverSideApply(
      obj,
      deployment([{ name: 'app', image: 'a:1' }], { team: 'x' }),
      opts('two'),
    );
    obj = serverSideApply(obj, deployment([{ name: 'app', image: 'a:1' }]), opts('one'));
    expect(obj.metadata.labels).toEqual({ team: 'x' });
    const two = obj.metadata.managedFields!.find((m) => m.manager === 'two')!;
    expect(fromFieldsV1(two.fieldsV1)).toContainEqual(['f:metadata', 'f:labels', 'f:team']);
    expect(() =>
      serverSideApply(obj, deployment([{ name: 'app', image: 'a:9' }]), opts('one')),
    ).toThrow(
      'Apply failed with 1 conflict: conflict with "two" using apps/v1: .spec.template.spec.containers[name="app"].image',
    );
  });
});
