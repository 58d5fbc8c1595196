import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// @ts-expect-error: a plain JavaScript script without type declarations
import { validateRepository } from '../../../scripts/validate-actions.js';

describe('scripts/validate-actions.js', () => {
  let repo: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'oasis-validate-'));
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('accepts this repository as committed', () => {
    const result = validateRepository();
    expect(result.problems).toEqual([]);
    expect(result.actions).toBeGreaterThanOrEqual(1);
  });

  it('accepts node24 (the bundled schema knows only node20) and reports every rule broken', () => {
    write(
      'actions/good/action.yml',
      'name: good\ndescription: d\ninputs:\n  images:\n    description: names\n    required: true\nruns:\n  using: node24\n  main: ../../dist/good/index.js\n',
    );
    write('dist/good/index.js', '');
    write(
      'actions/bad/action.yml',
      'name: bad\ndescription: d\ninputs:\n  x:\n    required: false\nruns:\n  using: node20\n  main: index.js\n',
    );
    write('actions/broken/action.yml', 'name: broken\nruns:\n  using: node24\n  mane: x\n');
    write(
      '.github/workflows/ci.yml',
      [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: ./actions/good',
        '        with:',
        '          imagez: x',
        '      - uses: ./actions/missing',
        '',
      ].join('\n'),
    );
    const { problems } = validateRepository(repo);
    expect(problems).toEqual(
      expect.arrayContaining([
        "actions/bad/action.yml: input 'x' has no description",
        "actions/bad/action.yml: runs.using is 'node20', expected node24",
        "actions/bad/action.yml: runs.main is 'index.js', expected '../../dist/bad/index.js'",
        ".github/workflows/ci.yml: jobs.a.steps[0] (./actions/good): input 'imagez' is not declared by the action",
        ".github/workflows/ci.yml: jobs.a.steps[0] (./actions/good): required input 'images' is missing",
        '.github/workflows/ci.yml: jobs.a.steps[1] (./actions/missing): no action.yml at actions/missing',
      ]),
    );
    expect(problems.some((line: string) => line.startsWith('actions/broken/action.yml: '))).toBe(
      true,
    );
    expect(problems.some((line: string) => line.startsWith('actions/good/'))).toBe(false);
  });
});
