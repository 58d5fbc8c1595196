import { jest } from '@jest/globals';
import { processExec } from '../../../src/shared/exec.js';
import { runSampleContainer, type SampleContainer } from '../../stack/sample-service.js';

jest.setTimeout(120_000);

describe('sample service image', () => {
  const running: SampleContainer[] = [];
  afterAll(async () => {
    for (const container of running) await container.stop();
  });
  const run = async (options: Parameters<typeof runSampleContainer>[0]) => {
    const container = await runSampleContainer(options);
    running.push(container);
    return container;
  };

  it('serves every endpoint with its version, bound to its own loopback IP', async () => {
    const v1 = await run({ image: process.env.OASIS_SAMPLE_V1!, podIp: '127.1.0.11' });
    const v2 = await run({
      image: process.env.OASIS_SAMPLE_V2!,
      podIp: '127.1.0.12',
      port: Number(new URL(v1.url).port),
    });
    expect(v1.url).toMatch(/^http:\/\/127\.1\.0\.11:\d+$/);

    const health = await fetch(`${v1.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'healthy', version: '1.0.0' });
    expect(await (await fetch(`${v2.url}/health`)).json()).toEqual({
      status: 'healthy',
      version: '2.0.0',
    });
    expect(await (await fetch(`${v2.url}/version`)).text()).toBe('2.0.0');
    expect((await fetch(`${v1.url}/version`)).headers.get('x-version')).toBe('1.0.0');

    expect((await fetch(`${v1.url}/ready`)).status).toBe(200);
    const info = await fetch(`${v1.url}/api/v1/public/info`);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ version: '1.0.0' });
    expect((await fetch(`${v1.url}/status/503`)).status).toBe(503);
    expect((await fetch(`${v1.url}/status/418`)).status).toBe(418);
    expect((await fetch(`${v1.url}/no/such/path`)).status).toBe(404);
    const slow = await fetch(`${v1.url}/slow?ms=50`);
    expect(await slow.json()).toEqual({ slept_ms: 50, version: '1.0.0' });
  });

  it('login answers 401 on bad credentials and 200 for demo/demo', async () => {
    const app = await run({ image: process.env.OASIS_SAMPLE_V1! });
    const login = (body: unknown) =>
      fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await login({ username_or_email: 'test@example.com', password: 'Test123!' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid credentials' });
    expect((await login({ username: 'demo', password: 'wrong' })).status).toBe(401);
    const good = await login({ username: 'demo', password: 'demo' });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ token: 'demo-token' });
  });

  it('metrics: counters grow per scrape, ERROR_RATE of them 500s', async () => {
    const app = await run({ image: process.env.OASIS_SAMPLE_V2!, env: { ERROR_RATE: '0.2' } });
    const scrape = async () => {
      const response = await fetch(`${app.url}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      const value = (code: string) =>
        Number(new RegExp(`^http_requests_total\\{code="${code}"\\} (\\d+)$`, 'm').exec(text)![1]);
      return { ok: value('200'), failed: value('500') };
    };
    const first = await scrape();
    const second = await scrape();
    expect(second.ok - first.ok).toBe(80);
    expect(second.failed - first.failed).toBe(20);
  });

  it('READY_AFTER delays readiness; never-ready stays 503 while healthy', async () => {
    const delayed = await run({ image: process.env.OASIS_SAMPLE_V1!, env: { READY_AFTER: '600' } });
    const notYet = await fetch(`${delayed.url}/ready`);
    expect(notYet.status).toBe(503);
    expect(await notYet.json()).toMatchObject({ status: 'starting' });
    const never = await run({ image: process.env.OASIS_SAMPLE_NEVER_READY! });
    expect((await fetch(`${never.url}/health`)).status).toBe(200);
    expect((await fetch(`${never.url}/ready`)).status).toBe(503);
  });

  it('crashloop exits 1 at start; CRASH_AFTER exits 1 later', async () => {
    await expect(run({ image: process.env.OASIS_SAMPLE_CRASHLOOP! })).rejects.toThrow(
      /exited[\s\S]*crashloop variant/,
    );
    const crash = await run({ image: process.env.OASIS_SAMPLE_V1!, env: { CRASH_AFTER: '1' } });
    const wait = await processExec.run('docker', ['wait', crash.id], { timeoutMs: 30_000 });
    expect(wait.stdout.trim()).toBe('1');
  });
});
