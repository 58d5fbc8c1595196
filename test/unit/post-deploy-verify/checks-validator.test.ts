import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { checksSchema } from '../../../src/post-deploy-verify/checks-schema.js';
import { validateCheck } from '../../../src/post-deploy-verify/checks-validator.generated.js';
import {
  AJV_OPTIONS,
  SCHEMA_PATH,
  VALIDATOR_PATH,
  generateSchemaJson,
  generateValidatorSource,
} from './generate-checks-validator.js';

describe('checks-validator.generated.ts', () => {
  test('is what the generator makes from the current schema (regenerate: see its header)', async () => {
    expect(readFileSync(VALIDATOR_PATH, 'utf8')).toBe(await generateValidatorSource());
  });

  test('schemas/checks.schema.json is the current schema, as the generator writes it', async () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(await generateSchemaJson());
  });

  test('gives the same errors as ajv compiling the schema at run time', () => {
    const ajv = new Ajv(AJV_OPTIONS);
    ajv.addSchema(checksSchema);
    const runtime = ajv.compile({ $ref: `${checksSchema.$id}#/definitions/check` });
    const generated = validateCheck as unknown as typeof runtime;
    const samples: unknown[] = [
      { url: '/health', expect: { status: 200 } },
      { url: '/health' },
      { kind: 'grpc', url: '/x' },
      { url: '/a', timeout: '5 sec', expect: { status: [200, 999], bodyy: 1 } },
      { name: '', url: '/a', expect: {} },
      { kind: 'prometheus', query: 'up', condition: 'result == 1', count: 0 },
      { kind: 'kubernetes', window: -1, extra: true },
      { url: '/a', expect: { json: [{ path: 'a' }] } },
    ];
    for (const sample of samples) {
      const expected = runtime(sample);
      expect(generated(sample)).toBe(expected);
      const strip = (errors: typeof runtime.errors) =>
        (errors ?? []).map(({ instancePath, schemaPath, keyword, params, message, data }) => ({
          instancePath,
          schemaPath,
          keyword,
          params,
          message,
          data,
        }));
      expect(strip(generated.errors)).toEqual(strip(runtime.errors));
    }
  });
});
