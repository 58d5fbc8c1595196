/**
 * Validate GitHub API response bodies against GitHub's official OpenAPI description
 * (@octokit/openapi, api.github.com). Used by the double's own tests; other tests may use it
 * to check what they received.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;

let spec: Json | undefined;
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function loadSpec(): Json {
  if (!spec) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
  }
  return spec;
}

/**
 * OpenAPI 3.0 → JSON Schema for Ajv: local refs point into the added spec, and `nullable: true`
 * becomes a null type (or `anyOf [..., null]` where the schema has no type of its own).
 */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'nullable') continue;
      out[key] =
        key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
          ? `github-openapi${inner}`
          : rewriteRefs(inner);
    }
    if ((value as Json).nullable === true) {
      if (typeof out.type === 'string') {
        out.type = [out.type, 'null'];
        if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
        return out;
      }
      return { anyOf: [out, { type: 'null' }] };
    }
    return out;
  }
  return value;
}

function validator(): Ajv {
  if (!ajv) {
    const components = (loadSpec().components as Json).schemas as Json;
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    const addFormats = addFormatsModule as unknown as (a: Ajv) => void;
    (typeof addFormats === 'function'
      ? addFormats
      : (addFormatsModule as unknown as { default: (a: Ajv) => void }).default)(ajv);
    ajv.addSchema({
      $id: 'github-openapi',
      components: { schemas: rewriteRefs(components) },
    });
  }
  return ajv;
}

/** The documented response schema of `method path` (OpenAPI path template) for `status`. */
export function responseSchema(method: string, template: string, status: number): unknown {
  const paths = loadSpec().paths as Record<string, Record<string, Json>>;
  const operation = paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`OpenAPI: no operation ${method} ${template}`);
  const responses = operation.responses as Record<string, Json>;
  let response = responses[String(status)];
  if (!response) throw new Error(`OpenAPI: ${method} ${template} documents no ${status} response`);
  if (typeof response.$ref === 'string') {
    const name = response.$ref.split('/').pop()!;
    response = ((loadSpec().components as Json).responses as Record<string, Json>)[name];
  }
  const content = response.content as Record<string, { schema?: unknown }> | undefined;
  return content?.['application/json']?.schema;
}

/**
 * Validate `body` as the response of `method template` with `status`.
 * Returns the list of problems (empty when the body conforms).
 */
export function validateResponse(
  method: string,
  template: string,
  status: number,
  body: unknown,
): string[] {
  const key = `${method.toUpperCase()} ${template} ${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = responseSchema(method, template, status);
    if (schema === undefined) return body === undefined || body === '' ? [] : ['no schema'];
    validate = validator().compile(rewriteRefs(schema) as Json);
    compiled.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
  );
}

/** Validate against a named component schema, e.g. 'issue-comment'. */
export function validateComponent(name: string, body: unknown): string[] {
  const key = `component ${name}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = validator().compile({ $ref: `github-openapi#/components/schemas/${name}` });
    compiled.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
  );
}
