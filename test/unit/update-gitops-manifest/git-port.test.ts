import type { Exec, ExecOptions, ExecResult } from '../../../src/shared/exec.js';
import { authHeader, Git, gitEnvironment } from '../../../src/shared/git.js';

const TOKEN = 'ghs_unitTestToken42';

function fakeExec(reply: (args: readonly string[]) => ExecResult) {
  const calls: Array<{ command: string; args: readonly string[]; options?: ExecOptions }> = [];
  const exec: Exec = {
    async run(command, args, options) {
      calls.push({ command, args, options });
      return reply(args);
    },
  };
  return { exec, calls };
}

test('the token travels only as an extraheader in the environment, scoped to the remote URL', async () => {
  const { exec, calls } = fakeExec(() => ({ code: 0, stdout: 'abc\n', stderr: '' }));
  const git = new Git({
    cwd: '/repo',
    exec,
    token: TOKEN,
    remoteUrl: 'https://github.com/acme/gitops.git',
  });
  await git.fetchBranch('https://github.com/acme/gitops.git', 'main');
  for (const call of calls) {
    expect(call.command).toBe('git');
    expect(call.args.join(' ')).not.toContain(TOKEN);
    expect(call.args.join(' ')).not.toContain(authHeader(TOKEN));
    expect(call.options?.secrets).toEqual(expect.arrayContaining([TOKEN, authHeader(TOKEN)]));
    const env = call.options?.env ?? {};
    expect(env.GIT_TERMINAL_PROMPT).toBe('0');
    expect(env.GIT_CONFIG_COUNT).toBe('5');
    expect(env.GIT_CONFIG_KEY_3).toBe('http.https://github.com/acme/gitops.git.extraheader');
    expect(env.GIT_CONFIG_VALUE_3).toBe('');
    expect(env.GIT_CONFIG_VALUE_4).toBe(
      `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
    );
  }
  expect(calls[0].args).toEqual([
    'fetch',
    '--quiet',
    '--no-tags',
    '--',
    'https://github.com/acme/gitops.git',
    '+refs/heads/main:refs/remotes/origin/main',
  ]);
});

test('no header for file:// remotes or without a token', () => {
  expect(gitEnvironment(TOKEN, 'file:///srv/gitops.git').GIT_CONFIG_COUNT).toBe('3');
  expect(gitEnvironment('', 'https://github.com/a/b.git').GIT_CONFIG_COUNT).toBe('3');
});

test.each([
  ['!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)', true],
  ['!\tHEAD:refs/heads/main\t[rejected] (non-fast-forward)', true],
  ['!\tHEAD:refs/heads/main\t[remote rejected] (failed to update ref)', true],
  ["!\tHEAD:refs/heads/main\t[remote rejected] (cannot lock ref 'refs/heads/main')", true],
])('push outcome %s → rejected=%s', async (line, rejected) => {
  const { exec } = fakeExec(() => ({
    code: 1,
    stdout: `To x\n${line}\nDone\n`,
    stderr: 'error: failed to push some refs',
  }));
  const outcome = await new Git({ cwd: '/r', exec }).push('file:///x.git', 'main');
  expect(outcome).toMatchObject({ ok: false, rejected });
});

test('an authentication failure is a clear error, not a retry', async () => {
  const { exec } = fakeExec(() => ({
    code: 128,
    stdout: '',
    stderr: "fatal: could not read Username for 'https://github.com': terminal prompts disabled\n",
  }));
  await expect(
    new Git({ cwd: '/r', exec, token: TOKEN, remoteUrl: 'https://github.com/a/b.git' }).push(
      'https://github.com/a/b.git',
      'main',
    ),
  ).rejects.toThrow(
    'authentication to https://github.com/a/b.git failed: check that the token is valid',
  );
});

test('a successful push', async () => {
  const { exec, calls } = fakeExec(() => ({ code: 0, stdout: 'Done\n', stderr: '' }));
  expect(await new Git({ cwd: '/r', exec }).push('file:///x.git', 'main')).toEqual({
    ok: true,
    rejected: false,
    detail: '',
  });
  expect(calls[0].args).toEqual([
    'push',
    '--porcelain',
    '--',
    'file:///x.git',
    'HEAD:refs/heads/main',
  ]);
  expect(calls[0].args).not.toContain('--force');
});
