/**
 * The kube double from a shell, for trying it with kubectl:
 *   node --import tsx test/stack/kube/serve.ts [--no-kubelet] [--speed N] [--http] [--namespace NS]...
 * Prints the path of a kubeconfig (mode 0600, removed on exit): `export KUBECONFIG=<path>`.
 * Ctrl-C (or SIGTERM) stops it and removes its containers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeDouble } from './index.js';

const args = process.argv.slice(2);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const namespaces = args.flatMap((a, i) => (a === '--namespace' ? [args[i + 1]] : []));
const double = await startKubeDouble({
  kubelet: !args.includes('--no-kubelet'),
  speed: value('--speed') ? Number(value('--speed')) : 1,
  tls: !args.includes('--http'),
  namespaces,
});
const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'oasis-kube-double-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, double.kubeconfig, { mode: 0o600 });
console.log(`kube double ${double.id} at ${double.url}`);
console.log(`export KUBECONFIG=${kubeconfig}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await double.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 60_000);
