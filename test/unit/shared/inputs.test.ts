import { InputReader, mapInputs } from '../../../src/shared/inputs.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { parseDuration, formatDuration } from '../../../src/shared/duration.js';

const reader = (values: Record<string, string>) => new InputReader(mapInputs(values));

describe('InputReader', () => {
  it('names the input, the value and the allowed values for an enum', () => {
    expect(() => reader({ severity: 'HIHG' }).oneOf('severity', ['CRITICAL', 'HIGH'])).toThrow(
      "input 'severity': 'HIHG' is not one of CRITICAL, HIGH",
    );
  });

  it('matches enums case-insensitively and returns the canonical spelling', () => {
    expect(reader({ mode: 'Push' }).oneOf('mode', ['push', 'pull-request'])).toBe('push');
  });

  it('reads booleans, integers and durations, with defaults', () => {
    const r = reader({ push: 'false', count: '3', wait: '1h30m' });
    expect(r.boolean('push', true)).toBe(false);
    expect(r.boolean('absent', true)).toBe(true);
    expect(r.integer('count', { default: 1, min: 1 })).toBe(3);
    expect(r.duration('wait', '5m')).toBe(90 * 60_000);
    expect(r.duration('absent', '5m')).toBe(300_000);
  });

  it('rejects bad numbers, booleans and durations with a ConfigError', () => {
    const r = reader({ push: 'maybe', count: '0', wait: '5 minutes' });
    expect(() => r.boolean('push', true)).toThrow(ConfigError);
    expect(() => r.integer('count', { default: 1, min: 1 })).toThrow('below the minimum of 1');
    expect(() => r.duration('wait', '5m')).toThrow("input 'wait': '5 minutes' is not a duration");
  });

  it('requires required inputs', () => {
    expect(() => reader({}).string('context', { required: true })).toThrow(
      "input 'context': is required but was not given",
    );
  });

  it('splits lists and key=value pairs, skipping comments and blanks', () => {
    const r = reader({
      tags: 'a, b\n# note\nc\n',
      images: 'api=reg/api:1\n\nweb=reg/web@sha256:x',
    });
    expect(r.list('tags')).toEqual(['a', 'b', 'c']);
    expect(r.pairs('images')).toEqual([
      { key: 'api', value: 'reg/api:1' },
      { key: 'web', value: 'reg/web@sha256:x' },
    ]);
    expect(() => reader({ images: 'nope' }).pairs('images')).toThrow(
      'is not of the form key=value',
    );
  });
});

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2')).toBe(2000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('1x')).toBeUndefined();
    expect(formatDuration(4200)).toBe('4.2s');
    expect(formatDuration(185_000)).toBe('3m 05s');
  });
});
