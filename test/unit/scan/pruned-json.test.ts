import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PrunedJsonParser, parsePruned, type PruneOptions } from '../../../src/scan/pruned-json.js';
import { fixtureFiles } from './fixtures.js';

const KEEP_ALL: PruneOptions = { keep: true, maxString: 1e9 };

function inChunks(text: string, size: number, options: PruneOptions = KEEP_ALL): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new PrunedJsonParser(options);
  for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
  return parser.end();
}

describe('with nothing pruned it is JSON.parse', () => {
  const files = [...fixtureFiles('trivy'), ...fixtureFiles('grype')];
  test.each(files.map((f) => [basename(f), f]))('%s (whole, and in 4 KB chunks)', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(parsePruned(text, KEEP_ALL)).toEqual(JSON.parse(text));
    expect(inChunks(text, 4096)).toEqual(JSON.parse(text));
  });

  test('byte-by-byte: escapes, unicode split across chunks, numbers, literals', () => {
    const doc = {
      s: 'quote " backslash \\ tab \t newline \n unicode é ü 漢字 😀 \u0001',
      n: [0, -1, 3.25, 1e21, -2.5e-7, 12345678901],
      l: [true, false, null],
      nested: { a: [[], {}, [{}], { b: [1, { c: 'd' }] }] },
      '': 'empty key',
      'ké"y': 1,
    };
    const text = JSON.stringify(doc, null, 2);
    expect(inChunks(text, 1)).toEqual(doc);
    expect(inChunks(JSON.stringify(doc), 3)).toEqual(doc);
  });
});

describe('pruning', () => {
  test('only kept keys are built, at every level; marks; long strings are clipped', () => {
    const doc = {
      Results: [
        { References: ['a', { deep: ['"]}'] }], Description: 'x'.repeat(50), Keep: 'k' },
        { inner: { References: 'gone', kept: true }, Keep: { any: ['thing'] } },
        'a primitive where an object was expected',
      ],
      References: 5,
      runs: [{ big: 'x' }],
    };
    const options: PruneOptions = {
      keep: {
        Results: { Description: true, Keep: true, inner: { kept: true } },
        runs: 'mark' as const,
      },
      maxString: 10,
    };
    const expected = {
      Results: [
        { Description: `${'x'.repeat(9)}…`, Keep: 'k' },
        { inner: { kept: true }, Keep: { any: ['thing'] } },
        'a primiti…',
      ],
      runs: true,
    };
    expect(parsePruned(JSON.stringify(doc), options)).toEqual(expected);
    expect(inChunks(JSON.stringify(doc), 2, options)).toEqual(expected);
  });
});

describe('malformed JSON is an error, as JSON.parse would say', () => {
  test.each([
    ['', /unexpected end/],
    ['{"SchemaVersion": 2, "Results": [', /unexpected end/],
    ['{"a": "unterminated', /unterminated string/],
    ['Fatal: no space left', /unexpected 'Fatal:/],
    ['{"a" 1}', /expected ':'/],
    ['{"a": 1 "b": 2}', /expected ',' or '}'/],
    ['[1, 2,]', /unexpected ']'/],
    ['{"a": 1,}', /expected a key/],
    ['{,}', /expected a key/],
    ['{"a": }', /unexpected '}'/],
    ['[1}', /expected ',' or ']'/],
    ['{"a": tru}', /unexpected 'tru'/],
    ['{"a": 01}', /unexpected '01'/],
    ['{} {}', /after the document/],
    ['{"a": "bad \\x escape"}', /bad escape/],
    ['{"skip": [1, 2', /unexpected end/],
  ])('%j', (text, message) => {
    const options: PruneOptions = { keep: { a: true }, maxString: 100 };
    expect(() => parsePruned(text, options)).toThrow(message);
    expect(() => JSON.parse(text)).toThrow();
  });

  test('the error carries the byte offset', () => {
    expect(() => parsePruned('{"a": [1, 2 3]}', KEEP_ALL)).toThrow(/at byte 12/);
  });
});
