// A minimal OpenAPI v3 discovery: the root lists a document per group version, and each
// document declares the PATCH operations with their query parameters. kubectl reads it to learn
// that the server validates fields itself (fieldValidation), which is all it needs before
// `kubectl apply`; there are no schemas.
import { RESOURCE_TYPES, groupVersion } from './resources.js';

const gvPath = (group: string, version: string) =>
  group ? `apis/${group}/${version}` : `api/${version}`;

export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const rt of RESOURCE_TYPES) {
    const p = gvPath(rt.group, rt.version);
    paths[p] = {
      serverRelativeURL: `/openapi/v3/${p}?hash=${Buffer.from(groupVersion(rt)).toString('hex').toUpperCase()}`,
    };
  }
  return { paths };
}

const param = (name: string, type = 'string') => ({
  name,
  in: 'query',
  schema: { type, uniqueItems: true },
});

export function openApiGroupVersion(path: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((rt) => gvPath(rt.group, rt.version) === path);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const rt of types) {
    const gvk = { group: rt.group, version: rt.version, kind: rt.kind };
    const base = `/${path}${rt.namespaced ? '/namespaces/{namespace}' : ''}/${rt.plural}`;
    const op = (action: string, params: unknown[] = []) => ({
      operationId: `${action}${rt.kind}`,
      parameters: params,
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    const writeParams = [param('dryRun'), param('fieldManager'), param('fieldValidation')];
    paths[base] = { get: op('list'), post: op('post', writeParams) };
    paths[`${base}/{name}`] = {
      get: op('get'),
      put: op('put', writeParams),
      patch: op('patch', [...writeParams, param('force', 'boolean')]),
      delete: op('delete', [
        param('dryRun'),
        param('gracePeriodSeconds', 'integer'),
        param('propagationPolicy'),
      ]),
    };
    for (const sub of rt.subresources) {
      if (sub === 'log') continue;
      paths[`${base}/{name}/${sub}`] = {
        get: op('get'),
        put: op('put', writeParams),
        patch: op('patch', [...writeParams, param('force', 'boolean')]),
      };
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4-oasis-double' },
    paths,
    components: { schemas: {} },
  };
}
