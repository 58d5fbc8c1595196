import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKubeFailure, loadKubeConfig } from '../../../src/shared/kube.js';

const TOKEN = 'sekret-token-123456';
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: double
    cluster: { server: 'http://127.0.0.1:6443' }
users:
  - name: ci
    user: { token: ${TOKEN} }
contexts:
  - name: oasis-double
    context: { cluster: double, user: ci }
  - name: other
    context: { cluster: double, user: ci, namespace: shop }
current-context: oasis-double
`;

describe('loadKubeConfig', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kubecfg-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('content goes to a 0600 file under RUNNER_TEMP that dispose removes', async () => {
    const loaded = await loadKubeConfig({ content: KUBECONFIG, env: { RUNNER_TEMP: root } });
    expect(loaded.path!.startsWith(root)).toBe(true);
    expect(statSync(loaded.path!).mode & 0o777).toBe(0o600);
    expect(loaded).toMatchObject({
      context: 'oasis-double',
      server: 'http://127.0.0.1:6443',
      secrets: [TOKEN],
    });
    loaded.dispose();
    expect(existsSync(loaded.path!)).toBe(false);
  });

  test('context selects another context; an unknown one lists the choices', async () => {
    const loaded = await loadKubeConfig({
      content: KUBECONFIG,
      context: 'other',
      env: { RUNNER_TEMP: root },
    });
    expect(loaded.context).toBe('other');
    loaded.dispose();
    await expect(
      loadKubeConfig({ content: KUBECONFIG, context: 'prod', env: { RUNNER_TEMP: root } }),
    ).rejects.toThrow(
      "input 'context': 'prod' is not a context of the kubeconfig; it has: oasis-double, other",
    );
  });

  test('invalid content is an error that quotes nothing of it, and leaves no file', async () => {
    const bad = `clusters: [\n  token: ${TOKEN}`;
    const error = await loadKubeConfig({ content: bad, env: { RUNNER_TEMP: root } }).catch(
      (e: Error) => e,
    );
    expect(String(error)).toContain("input 'kubeconfig': the content is not a valid kubeconfig");
    expect(String(error)).not.toContain(TOKEN);
    const empty = await loadKubeConfig({
      content: 'apiVersion: v1\nkind: Config\n',
      env: { RUNNER_TEMP: root },
    }).catch((e: Error) => e);
    expect(String(empty)).toContain('the kubeconfig has no contexts');
    expect(readdirSync(root)).toEqual([]);
  });

  test('the ambient KUBECONFIG is used when no content is given', async () => {
    const file = join(root, 'config');
    writeFileSync(file, KUBECONFIG);
    const loaded = await loadKubeConfig({ env: { KUBECONFIG: file } });
    expect(loaded).toMatchObject({ path: file, context: 'oasis-double' });
    loaded.dispose();
    expect(existsSync(file)).toBe(true);
  });

  test('describeKubeFailure names verb, resource and code', () => {
    expect(
      describeKubeFailure(
        { code: 403, body: '{"message":"deployments.apps \\"api\\" is forbidden"}' },
        'patch',
        'deployment/api',
        'shop',
      ),
    ).toBe(
      'forbidden: not allowed to patch deployment/api in namespace shop (HTTP 403): deployments.apps "api" is forbidden; grant the deploying identity RBAC \'patch\' on it',
    );
    expect(describeKubeFailure({ code: 401, body: {} }, 'list', 'pods')).toContain(
      'unauthorized: the API server rejected the credentials while trying to list pods (HTTP 401)',
    );
  });
});
