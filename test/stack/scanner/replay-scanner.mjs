// A stand-in for `trivy` and `grype` that replays a real recorded report. Installed under either
// name by install.ts; it behaves like the real CLI as far as the scan action can tell:
//   trivy image|fs … --output <file> …   writes the report to <file>
//   grype <source> --output json …        writes the report to stdout
//   --version / version                  prints a version line
// and logs progress on stderr. Controlled by environment variables:
//   REPLAY_SCANNER_REPORT   path of the real report to replay (required for a scan)
//   REPLAY_SCANNER_EXIT     exit with this code after printing a FATAL line (no report)
//   REPLAY_SCANNER_GARBAGE  when '1', write garbage where the report should go, exit 0
//   REPLAY_SCANNER_LOG      append {name, argv, env} as one JSON line per call
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const name = basename(process.argv[1]);
const args = process.argv.slice(2);
const env = process.env;
const stamp = () => new Date().toISOString();

if (env.REPLAY_SCANNER_LOG) {
  const seen = {};
  for (const key of Object.keys(env)) {
    if (/^(GRYPE_|TRIVY_)/.test(key)) seen[key] = env[key];
  }
  appendFileSync(env.REPLAY_SCANNER_LOG, `${JSON.stringify({ name, argv: args, env: seen })}\n`);
}

if (args[0] === '--version' || args[0] === 'version') {
  process.stdout.write(name === 'grype' ? 'grype 0.110.0\n' : 'Version: 0.69.3\n');
  process.exit(0);
}

process.stderr.write(`${stamp()}\tINFO\t[vulndb] Need to update DB\n`);
process.stderr.write(`${stamp()}\tINFO\tVulnerability scanning is enabled\n`);

const code = Number(env.REPLAY_SCANNER_EXIT ?? 0);
if (code !== 0) {
  process.stderr.write(
    `${stamp()}\tFATAL\tFatal error\trun error: image scan error: scan error: unable to initialize a scan service: unable to find the specified image\n`,
  );
  process.exit(code);
}

const body =
  env.REPLAY_SCANNER_GARBAGE === '1'
    ? '\u001b[31mpanic: runtime error: invalid memory address or nil pointer dereference\u001b[0m\n[signal SIGSEGV]\n'
    : readFileSync(env.REPLAY_SCANNER_REPORT ?? '/nonexistent-report', 'utf8');

const outputAt = args.indexOf('--output');
const output = outputAt >= 0 ? args[outputAt + 1] : undefined;
if (name === 'trivy') {
  if (!output) {
    process.stderr.write(`${stamp()}\tFATAL\tthe stand-in trivy needs --output\n`);
    process.exit(2);
  }
  writeFileSync(output, body);
} else {
  process.stdout.write(body);
}
process.stderr.write(`${stamp()}\tINFO\tDone\n`);
