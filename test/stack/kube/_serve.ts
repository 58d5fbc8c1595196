import { writeFileSync } from 'node:fs';
import { startKubeDouble } from './index.js';
const d = await startKubeDouble({ kubelet: process.env.KUBELET !== '0', speed: 5 });
writeFileSync('/tmp/kd/kubeconfig', d.kubeconfig, { mode: 0o600 });
console.log('ready', d.url);
process.on('SIGTERM', async () => {
  await d.stop();
  process.exit(0);
});
setInterval(() => {}, 1000);
