/**
 * Errors a user can act on. The action's top-level handler prints their message only: no stack
 * trace for a mistake in the workflow file or a failure of the thing being deployed.
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bad input value. The message names the input, the value (unless secret) and the fix. */
export class ConfigError extends UserError {
  readonly input: string;

  constructor(input: string, problem: string) {
    super(`input '${input}': ${problem}`);
    this.input = input;
  }
}

/** Quote a user value for an error message, shortened so a pasted file cannot flood the log. */
export function quote(value: string, max = 120): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return `'${shown}'`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
