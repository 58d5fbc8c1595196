import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Both are CommonJS with `exports.default`; under NodeNext the default import is module.exports.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;

/** The shared, read-only fixtures of real tool output (../shared/fixtures beside the repo). */
export const FIXTURES = process.env.OASIS_FIXTURES ?? resolve(process.cwd(), '../shared/fixtures');

export function fixtureFiles(dir: 'trivy' | 'grype'): string[] {
  return readdirSync(join(FIXTURES, dir))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(FIXTURES, dir, name));
}

/** The official OASIS SARIF 2.1.0 schema (JSON Schema draft-04), compiled once. */
export function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'),
  );
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
