/**
 * The files an action writes its results to, as the GitHub runner reads them:
 * GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE hold `name=value` lines and heredoc blocks
 * (`name<<DELIMITER`, value lines, `DELIMITER`); GITHUB_PATH holds one directory a line.
 */
import { UserError } from '../shared/errors.js';

/** Parses the `name=value` / `name<<DELIMITER` format of GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE. */
export function parseKeyValueFile(text: string, file = 'file command'): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const equals = line.indexOf('=');
    if (heredoc && (equals < 0 || equals > line.indexOf('<<'))) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        body.push(lines[i]);
      }
      if (!closed) {
        throw new UserError(`${file}: matching delimiter '${delimiter}' not found for '${name}'`);
      }
      values[name] = body.join('\n');
      continue;
    }
    if (equals <= 0) throw new UserError(`${file}: invalid line '${line.slice(0, 80)}'`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

/** Directories appended to GITHUB_PATH, in order. */
export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
