import { UserError } from '../shared/errors.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Expanded {
  value: string;
  /** The values that were substituted: to be masked and redacted. */
  secrets: string[];
}

/**
 * Replace `${NAME}` with the environment variable NAME (how a workflow passes a secret:
 * `env: { API_TOKEN: ${{ secrets.API_TOKEN }} }`). A missing variable is an error naming the
 * check and the field, never the value.
 */
export function expandEnv(
  template: string,
  env: Record<string, string | undefined>,
  where: string,
): Expanded {
  const secrets: string[] = [];
  const value = template.replace(REFERENCE, (_match, name: string) => {
    const found = env[name];
    if (found === undefined || found === '') {
      throw new UserError(
        `${where} references \${${name}}, which is not set; pass it to the step with env: ${name}: …`,
      );
    }
    secrets.push(found);
    return found;
  });
  return { value, secrets };
}
