import { parseKeyValueFile, parsePathFile } from '../../../src/cli/file-commands.js';

describe('file commands', () => {
  test('name=value lines and heredoc blocks, as @actions/core writes them', () => {
    const text =
      'digest=sha256:abc\n' +
      'metadata<<ghadelimiter_1234\n{"a": 1,\n "b": "x=y"}\nghadelimiter_1234\n' +
      'empty=\n' +
      'equals=a=b\n';
    expect(parseKeyValueFile(text)).toEqual({
      digest: 'sha256:abc',
      metadata: '{"a": 1,\n "b": "x=y"}',
      empty: '',
      equals: 'a=b',
    });
  });
  test('a value that contains << after = is a plain value', () => {
    expect(parseKeyValueFile('cmd=a<<b\n')).toEqual({ cmd: 'a<<b' });
  });
  test('an unterminated heredoc is an error naming the delimiter', () => {
    expect(() => parseKeyValueFile('x<<EOF\nvalue\n', 'GITHUB_OUTPUT')).toThrow(
      "GITHUB_OUTPUT: matching delimiter 'EOF' not found for 'x'",
    );
  });
  test('path file', () => {
    expect(parsePathFile('/a/bin\n\n/b/bin\n')).toEqual(['/a/bin', '/b/bin']);
  });
});
