import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseIgnoreFile } from '../../../src/scan/ignore-file.js';

// The ignore files people copy (examples/*/.oasis, the README's sample) must be valid.
const root = process.cwd();

const exampleFiles = existsSync(join(root, 'examples'))
  ? readdirSync(join(root, 'examples'))
      .map((name) => join(root, 'examples', name, '.oasis', 'scan-ignore.yaml'))
      .filter((file) => existsSync(file))
  : [];

test.each(exampleFiles.map((file) => [file.slice(root.length + 1), file]))(
  '%s parses',
  (_name, file) => {
    expect(() => parseIgnoreFile(readFileSync(file, 'utf8'), file)).not.toThrow();
  },
);

test("the README's ignore file sample parses, with the documented fields", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /```yaml\n(ignores:\n[\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const entries = parseIgnoreFile(block![1], 'README.md');
  expect(entries.length).toBeGreaterThan(0);
  expect(entries[0]).toMatchObject({ id: expect.any(String), reason: expect.any(String) });
});
