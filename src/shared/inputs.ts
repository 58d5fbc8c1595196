import * as core from '@actions/core';
import { ConfigError, quote } from './errors.js';
import { parseDuration } from './duration.js';

/** Where input values come from: the INPUT_* environment in an action, a map in `deploy`. */
export type InputSource = (name: string) => string;

/** Reads INPUT_<NAME> as @actions/core does (spaces become underscores, upper case). */
export const envInputs: InputSource = (name) =>
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';

/** Inputs from a plain object, used when one action runs another's steps in-process. */
export function mapInputs(values: Record<string, string | undefined>): InputSource {
  return (name) => values[name] ?? '';
}

interface Common {
  required?: boolean;
}

/**
 * Typed, validated reads of action inputs. Every failure is a ConfigError naming the input,
 * the value and what would be accepted.
 */
export class InputReader {
  constructor(private readonly source: InputSource = envInputs) {}

  /** Raw trimmed value; '' when unset. */
  raw(name: string): string {
    return this.source(name).trim();
  }

  has(name: string): boolean {
    return this.raw(name) !== '';
  }

  string(name: string, options: Common & { default?: string } = {}): string {
    const value = this.raw(name);
    if (value !== '') return value;
    if (options.required) throw new ConfigError(name, 'is required but was not given');
    return options.default ?? '';
  }

  /** A secret: masked in every later log line the moment it is read; never quoted in errors. */
  secret(name: string, options: Common = {}): string {
    const value = this.source(name).trim();
    if (value === '') {
      if (options.required) throw new ConfigError(name, 'is required but was not given');
      return '';
    }
    core.setSecret(value);
    return value;
  }

  boolean(name: string, defaultValue: boolean): boolean {
    const value = this.raw(name);
    if (value === '') return defaultValue;
    if (/^(true|yes|on|1)$/i.test(value)) return true;
    if (/^(false|no|off|0)$/i.test(value)) return false;
    throw new ConfigError(name, `${quote(value)} is not a boolean; use true or false`);
  }

  integer(name: string, options: { default: number; min?: number; max?: number }): number {
    const value = this.raw(name);
    if (value === '') return options.default;
    if (!/^-?\d+$/.test(value)) {
      throw new ConfigError(name, `${quote(value)} is not a whole number`);
    }
    const number = Number(value);
    if (options.min !== undefined && number < options.min) {
      throw new ConfigError(name, `${quote(value)} is below the minimum of ${options.min}`);
    }
    if (options.max !== undefined && number > options.max) {
      throw new ConfigError(name, `${quote(value)} is above the maximum of ${options.max}`);
    }
    return number;
  }

  /** A duration in milliseconds (`30s`, `5m`, `1h30m`, or a number of seconds). */
  duration(name: string, defaultValue: string | number): number {
    const value = this.raw(name);
    if (value === '') {
      return typeof defaultValue === 'number' ? defaultValue : parseDuration(defaultValue)!;
    }
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new ConfigError(
        name,
        `${quote(value)} is not a duration; use a number of seconds or forms like 90s, 5m, 1h30m`,
      );
    }
    return ms;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], defaultValue?: T): T {
    const value = this.raw(name);
    if (value === '') {
      if (defaultValue === undefined) throw new ConfigError(name, 'is required but was not given');
      return defaultValue;
    }
    const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
    if (!match) {
      throw new ConfigError(name, `${quote(value)} is not one of ${allowed.join(', ')}`);
    }
    return match;
  }

  /** A list separated by newlines and/or commas; blank entries and `#` comment lines dropped. */
  list(name: string, options: { separator?: 'comma-or-newline' | 'newline' } = {}): string[] {
    const value = this.raw(name);
    if (value === '') return [];
    const lines = value.split(/\r?\n/).filter((line) => !line.trim().startsWith('#'));
    const parts =
      options.separator === 'newline' ? lines : lines.flatMap((line) => line.split(','));
    return parts.map((part) => part.trim()).filter((part) => part !== '');
  }

  /** `key=value` entries, one per line (or comma separated); the first `=` splits. */
  pairs(name: string, options: { separator?: 'comma-or-newline' | 'newline' } = {}) {
    return this.list(name, { separator: options.separator ?? 'newline' }).map((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0) {
        throw new ConfigError(name, `${quote(entry)} is not of the form key=value`);
      }
      return { key: entry.slice(0, at).trim(), value: entry.slice(at + 1).trim() };
    });
  }
}
