/** Helpers for the update-gitops-manifest integration tests: seed repos, read bare repos. */
import { spawn, spawnSync } from 'node:child_process';

export function serviceManifest(service: string, tag = '1.0.0', eol = '\n'): string {
  return [
    '# Managed by CI: only the image line changes',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${service}`,
    '  labels: {app: ' + service + ', tier: "backend"}',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${service}`,
    `          image: registry.example.test/acme/${service}:${tag} # bumped by CI`,
    '          ports:',
    '            - containerPort: 8080',
    '',
  ].join(eol);
}

export function seedFiles(services: number): Record<string, string> {
  const files: Record<string, string> = { 'README.md': '# gitops\n' };
  for (let i = 0; i < services; i++) {
    files[`apps/svc-${i}/deployment.yaml`] = serviceManifest(`svc-${i}`);
  }
  return files;
}

export function gitIn(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** File content at the tip of `branch` in a bare repo. */
export function showFile(bare: string, path: string, branch = 'main'): string {
  return gitIn(bare, ['show', `${branch}:${path}`]);
}

/**
 * Reflog of a branch in a bare repo, oldest first, as [old, new] pairs, and whether every update
 * was a fast-forward (old is an ancestor of new): the proof that nobody force-pushed.
 */
export function reflogFastForwardOnly(bare: string, branch = 'main') {
  const raw = gitIn(bare, ['reflog', 'show', '--format=%H', `refs/heads/${branch}`])
    .trim()
    .split('\n')
    .reverse();
  const forced: string[] = [];
  for (let i = 1; i < raw.length; i++) {
    const ok = spawnSync('git', ['merge-base', '--is-ancestor', raw[i - 1], raw[i]], { cwd: bare });
    if (ok.status !== 0) forced.push(`${raw[i - 1]} -> ${raw[i]}`);
  }
  return { updates: raw.length, forced };
}

export function commitCount(bare: string, branch = 'main'): number {
  return Number(gitIn(bare, ['rev-list', '--count', branch]).trim());
}

/** Like gitIn but without blocking the event loop (needed when the server runs in this process). */
export function gitAsync(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`git ${args.join(' ')}: ${err}`)),
    );
  });
}
