import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../../../src/build-image/inputs.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { mapInputs } from '../../../src/shared/inputs.js';

describe('build-image getInputs', () => {
  let workspace: string;
  let outside: string;
  const env = () => ({ GITHUB_WORKSPACE: workspace });
  const read = (values: Record<string, string>) =>
    getInputs(mapInputs({ images: 'ghcr.io/acme/api', ...values }), env());

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'oasis-ws-'));
    outside = mkdtempSync(join(tmpdir(), 'oasis-outside-'));
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
    mkdirSync(join(workspace, 'svc'));
    writeFileSync(join(workspace, 'svc', 'Containerfile'), 'FROM scratch\n');
    writeFileSync(join(outside, 'Dockerfile'), 'FROM scratch\n');
  });
  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('returns one typed config with defaults', () => {
    const config = read({});
    expect(config).toMatchObject({
      context: workspace,
      file: join(workspace, 'Dockerfile'),
      images: [{ name: 'ghcr.io/acme/api', registry: 'ghcr.io', repository: 'acme/api' }],
      flavor: { latest: 'auto', prefix: '', suffix: '' },
      push: 'auto',
      pushRetries: 4,
      platforms: [],
      secrets: [],
    });
    expect(config.tagRules.map((rule) => rule.type)).toEqual([
      'schedule',
      'ref',
      'ref',
      'ref',
      'sha',
    ]);
    expect(config.login).toBeUndefined();
  });

  it('lowercases image names and reads every list/pair input', () => {
    const config = read({
      images: 'GHCR.io/Acme/API\n127.0.0.1:5000/team/api',
      file: 'svc/Containerfile',
      context: 'svc',
      tags: 'type=sha\ntype=raw,value=edge',
      'build-args': 'VERSION=1.2.3\nEVIL=$(touch /tmp/x)',
      labels: 'team=core',
      secrets: 'token=abc=def\nother=xyz',
      platforms: 'linux/amd64',
      network: 'none',
      push: 'false',
      username: 'bot',
      password: 'hunter22',
    });
    expect(config.images.map((image) => image.name)).toEqual([
      'ghcr.io/acme/api',
      '127.0.0.1:5000/team/api',
    ]);
    expect(config.buildArgs).toEqual([
      { key: 'VERSION', value: '1.2.3' },
      { key: 'EVIL', value: '$(touch /tmp/x)' },
    ]);
    expect(config.secrets).toEqual([
      { id: 'token', value: 'abc=def' },
      { id: 'other', value: 'xyz' },
    ]);
    expect(config.login).toEqual({ registry: 'ghcr.io', username: 'bot', password: 'hunter22' });
    expect(config).toMatchObject({ network: 'none', push: false, labels: { team: 'core' } });
  });

  it.each([
    [{ images: '' }, "input 'images': is required"],
    [
      { images: 'ghcr.io/acme/api:v1' },
      "input 'images': 'ghcr.io/acme/api:v1' has a tag or digest",
    ],
    [{ images: 'not a name' }, "input 'images': 'not a name' is not a valid image name"],
    [{ context: 'missing' }, "input 'context': 'missing' is not a directory"],
    [{ file: 'nope/Dockerfile' }, "input 'file': 'nope/Dockerfile' does not exist"],
    [{ context: '..' }, "input 'context': '..' is outside the workspace"],
    [{ tags: 'type=semver' }, "input 'tags': 'type=semver': type=semver needs a pattern"],
    [{ platforms: 'amd64' }, "input 'platforms': 'amd64' is not a platform"],
    [{ push: 'maybe' }, "input 'push': 'maybe' is not one of auto, true, false"],
    [{ network: 'bridge' }, "input 'network': 'bridge' is not one of default, none, host"],
    [{ 'build-args': '1BAD=x' }, "input 'build-args': '1BAD' is not a valid build argument name"],
    [{ username: 'bot' }, "input 'password': is required when 'username' is given"],
    [{ password: 'pw-only' }, "input 'username': is required when 'password' is given"],
    [{ registry: 'ghcr.io' }, "input 'registry': is only used to log in"],
    [
      { registry: 'https://ghcr.io', username: 'u', password: 'p' },
      "input 'registry': 'https://ghcr.io' is not a registry host",
    ],
    [{ 'push-retries': '50' }, "input 'push-retries': '50' is above the maximum of 10"],
  ])('%j → %s', (values, message) => {
    expect(() => read(values as Record<string, string>)).toThrow(ConfigError);
    expect(() => read(values as Record<string, string>)).toThrow(message);
  });

  it('rejects a Dockerfile outside the workspace', () => {
    expect(() => read({ file: join(outside, 'Dockerfile') })).toThrow(
      /input 'file': .* is outside the workspace/,
    );
  });

  it('never shows a secret value in an error', () => {
    let message = '';
    try {
      read({ secrets: 'bad id=SUPERSECRET' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("input 'secrets'");
    expect(message).not.toContain('SUPERSECRET');
  });
});
