import { formatResult, main, parseRunArguments } from '../../../src/cli/main.js';
import type { ActionRunResult } from '../../../src/cli/action-runner.js';

describe('oasis run arguments', () => {
  test('inputs, env, context flags, modes', () => {
    const command = parseRunArguments(
      [
        'build-image',
        '--input',
        'images=ghcr.io/acme/api',
        '-i',
        'build-args=A=1',
        '--input=tags=type=sha',
        '--env',
        'DOCKER_HOST=unix:///x.sock',
        '--event',
        'pull_request',
        '--ref',
        'refs/heads/feature/x',
        '--sha',
        'a'.repeat(40),
        '--repository',
        'acme/api',
        '--actor',
        'octo',
        '--base-ref',
        'develop',
        '--input-env',
        'password=REGISTRY_TOKEN',
        '--json',
        '--debug',
      ],
      { REGISTRY_TOKEN: 'secret-token-value' },
    );
    expect(command.step).toBe('build-image');
    expect(command.inputs).toEqual({
      images: 'ghcr.io/acme/api',
      'build-args': 'A=1',
      tags: 'type=sha',
      password: 'secret-token-value',
    });
    expect(command.secretInputs).toEqual(['secret-token-value']);
    expect(command.env).toEqual({ DOCKER_HOST: 'unix:///x.sock' });
    expect(command.flags).toEqual({
      event: 'pull_request',
      ref: 'refs/heads/feature/x',
      sha: 'a'.repeat(40),
      repository: 'acme/api',
      actor: 'octo',
      baseRef: 'develop',
    });
    expect(command.json).toBe(true);
    expect(command.debug).toBe(true);
  });

  test('mistakes are named', () => {
    expect(() => parseRunArguments([])).toThrow('which step?');
    expect(() => parseRunArguments(['scan', 'deploy'])).toThrow("unexpected argument 'deploy'");
    expect(() => parseRunArguments(['scan', '--input'])).toThrow('--input needs a value');
    expect(() => parseRunArguments(['scan', '--input', '=x'])).toThrow('expected name=value');
    expect(() => parseRunArguments(['scan', '--input-env', 'token=UNSET'], {})).toThrow(
      'UNSET is not set',
    );
  });
});

describe('printing a result', () => {
  const result: ActionRunResult = {
    exitCode: 0,
    outputs: { verdict: 'pass', 'image-ref': 'r@sha256:1', metadata: '{\n  "a": 1\n}' },
    env: {},
    path: [],
    state: {},
    summary:
      '<h2>Scan: pass</h2>\n<table><tr><th>severity</th><th>found</th></tr><tr><td>HIGH</td><td>0</td></tr></table>',
    annotations: [],
    masks: [],
    unexpectedInputs: [],
    log: [],
    durationMs: 1234,
  };

  test('verdict line, aligned outputs (multi-line values indented), summary as text', () => {
    expect(formatResult('scan', result)).toBe(
      [
        '',
        'scan succeeded in 1.2s',
        '',
        'OUTPUTS',
        '=======',
        'verdict    pass',
        'image-ref  r@sha256:1',
        'metadata   {',
        '             "a": 1',
        '           }',
        '',
        'JOB SUMMARY',
        '===========',
        'SCAN: PASS',
        '==========',
        '',
        'severity  found',
        '--------  -----',
        'HIGH      0',
      ].join('\n'),
    );
  });

  test('help and unknown commands', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const printer = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(await main(['help'], printer)).toBe(0);
    expect(out.join('\n')).toContain('oasis run <step>');
    expect(await main(['frob'], printer)).toBe(2);
    expect(err.join('\n')).toContain("unknown command 'frob'");
  });
});
