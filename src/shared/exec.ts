import { spawn } from 'node:child_process';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the process's standard input, then closed (how passwords reach `docker login`). */
  input?: string;
  /** Called with each complete line of stdout and stderr as it arrives (already redacted). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Values replaced by *** in everything captured or streamed. */
  secrets?: string[];
  /** Kill the process after this many milliseconds. */
  timeoutMs?: number;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with an argument array. Never through a shell. */
export interface Exec {
  run(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}

/** The real process runner. A missing program is reported as exit code 127 with a message. */
export const processExec: Exec = {
  run(command, args, options = {}) {
    return new Promise((resolve) => {
      const child = spawn(command, [...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
      });
      const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
      const partial = { stdout: '', stderr: '' };
      const secrets = options.secrets ?? [];
      let timer: NodeJS.Timeout | undefined;
      if (options.timeoutMs) {
        timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
      }
      const collect = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
        chunks[stream].push(data);
        if (!options.onLine) return;
        const text = partial[stream] + data.toString('utf8');
        const lines = text.split(/\r?\n/);
        partial[stream] = lines.pop() ?? '';
        for (const line of lines) options.onLine(redact(line, secrets), stream);
      };
      child.stdout.on('data', collect('stdout'));
      child.stderr.on('data', collect('stderr'));
      child.stdin.on('error', () => undefined);
      if (options.input !== undefined) child.stdin.end(options.input);
      else child.stdin.end();
      let spawnError: Error | undefined;
      child.on('error', (error) => {
        spawnError = error;
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        if (options.onLine) {
          for (const stream of ['stdout', 'stderr'] as const) {
            if (partial[stream]) options.onLine(redact(partial[stream], secrets), stream);
          }
        }
        const stdout = redact(Buffer.concat(chunks.stdout).toString('utf8'), secrets);
        let stderr = redact(Buffer.concat(chunks.stderr).toString('utf8'), secrets);
        if (spawnError) {
          const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
          stderr += missing ? `${command}: command not found` : spawnError.message;
          resolve({ code: missing ? 127 : 1, stdout, stderr });
          return;
        }
        if (signal) stderr += `\n${command} was killed by ${signal}`;
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
  },
};
