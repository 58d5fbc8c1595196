import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapInputs } from '../../../src/shared/inputs.js';
import { getInputs } from '../../../src/post-deploy-verify/inputs.js';

const inline = '- url: /health\n  expect: { status: 200 }\n';

describe('getInputs', () => {
  let dir: string;
  const workspace = process.env.GITHUB_WORKSPACE;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pdv-inputs-'));
    writeFileSync(join(dir, 'verify.yml'), inline);
    process.env.GITHUB_WORKSPACE = dir;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (workspace === undefined) delete process.env.GITHUB_WORKSPACE;
    else process.env.GITHUB_WORKSPACE = workspace;
  });

  test('defaults', () => {
    expect(getInputs(mapInputs({ checks: inline }))).toEqual({
      checksText: inline.trim(),
      checksSource: "input 'checks'",
      checksFile: undefined,
      baseUrl: undefined,
      prometheusUrl: undefined,
      kubeconfig: '',
      context: undefined,
      namespace: 'default',
      deadlineMs: 300_000,
      concurrency: 4,
      failOnInconclusive: false,
      reportPath: undefined,
    });
  });

  test('a file in the workspace is read and named', () => {
    const config = getInputs(
      mapInputs({
        checks: 'verify.yml',
        'base-url': 'https://staging.example.com',
        deadline: '90s',
        concurrency: '10',
      }),
    );
    expect(config).toMatchObject({
      checksText: inline,
      checksSource: 'verify.yml',
      checksFile: 'verify.yml',
      baseUrl: 'https://staging.example.com',
      deadlineMs: 90_000,
      concurrency: 10,
    });
  });

  test.each([
    [{}, "input 'checks': is required but was not given"],
    [{ checks: 'missing.yml' }, "input 'checks': the file 'missing.yml' does not exist"],
    [
      { checks: inline, 'base-url': 'staging.example.com' },
      "input 'base-url': 'staging.example.com' is not an http(s) URL",
    ],
    [
      { checks: inline, 'prometheus-url': 'ftp://p' },
      "input 'prometheus-url': 'ftp://p' is not an http(s) URL",
    ],
    [{ checks: inline, deadline: 'soon' }, "input 'deadline': 'soon' is not a duration"],
    [{ checks: inline, deadline: '0s' }, "input 'deadline': '0s' must be longer than 0s"],
    [{ checks: inline, concurrency: '0' }, "input 'concurrency': '0' is below the minimum of 1"],
    [
      { checks: inline, 'fail-on-inconclusive': 'maybe' },
      "input 'fail-on-inconclusive': 'maybe' is not a boolean",
    ],
  ])('%p → %s', (values, message) => {
    expect(() => getInputs(mapInputs(values as Record<string, string>))).toThrow(message);
  });
});
