import {
  evaluate,
  evaluateCondition,
  interpolate,
  interpolateText,
  type ExpressionContext,
} from '../../../src/cli/expressions.js';

const context: ExpressionContext = {
  contexts: {
    github: {
      ref: 'refs/heads/main',
      event_name: 'push',
      sha: 'abc123',
      repository: 'acme/api',
      event: { commits: [{ message: 'one' }, { message: 'two' }], pull_request: null },
    },
    env: { REGISTRY: 'ghcr.io', EMPTY: '' },
    vars: { REGISTRY: '127.0.0.1:5000' },
    inputs: { environment: 'production', approvals: 2, dry: false },
    secrets: { TOKEN: 's3cret' },
    needs: { build: { result: 'success', outputs: { 'image-ref': 'r@sha256:1' } } },
    steps: { 'scan-image': { outcome: 'failure', outputs: { verdict: 'fail' } } },
  },
};

describe('expression evaluation', () => {
  test.each<[string, unknown]>([
    ["github.ref == 'refs/heads/main'", true],
    ["github.ref == 'REFS/HEADS/MAIN'", true], // strings compare case-insensitively
    ["github.event_name != 'pull_request'", true],
    ['needs.build.outputs.image-ref', 'r@sha256:1'],
    ["needs['build'].outputs['image-ref']", 'r@sha256:1'],
    ['steps.scan-image.outputs.verdict', 'fail'],
    ['github.event.commits.*.message', ['one', 'two']],
    ['github.missing.deeper', null],
    ['vars.REGISTRY || env.REGISTRY', '127.0.0.1:5000'],
    ["env.EMPTY || 'fallback'", 'fallback'],
    ["inputs.dry && 'yes' || 'no'", 'no'],
    ['inputs.approvals == 2', true],
    ["inputs.approvals == '2'", true], // mixed types compare as numbers
    ['inputs.approvals > 1 && inputs.approvals <= 2', true],
    ['!inputs.dry', true],
    ["!(inputs.environment == 'production')", false],
    ['null == 0', true],
    ["'' == 0", true],
    ["contains('CRITICAL,HIGH', 'high')", true],
    ['contains(fromJSON(\'["a","b"]\'), \'b\')', true],
    ["startsWith(github.ref, 'refs/tags/')", false],
    ["endsWith(github.repository, '/API')", true],
    ["format('{0}/{1}:{{tag}}', vars.REGISTRY, 'api')", '127.0.0.1:5000/api:{tag}'],
    ["join(github.event.commits.*.message, ', ')", 'one, two'],
    ['fromJSON(\'{"a": 1}\').a', 1],
    ['0x10 == 16', true],
    ["'it''s'", "it's"],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression, context)).toEqual(expected);
  });

  test('unknown contexts and functions are errors that name them', () => {
    expect(() => evaluate('nope.x', context)).toThrow("unrecognized named-value: 'nope'");
    expect(() => evaluate('frobnicate(1)', context)).toThrow("unknown function 'frobnicate()'");
    expect(() => evaluate("github.ref == 'x", context)).toThrow('unterminated string');
    expect(() => evaluate('github.ref ==', context)).toThrow('unexpected end of expression');
  });
});

describe('templates', () => {
  test('substitutes each ${{ }} as text', () => {
    expect(interpolateText('${{ vars.REGISTRY }}/team/api:${{ github.sha }}', context)).toBe(
      '127.0.0.1:5000/team/api:abc123',
    );
  });
  test('a lone expression keeps its type', () => {
    expect(interpolate('${{ inputs.approvals }}', context)).toBe(2);
    expect(interpolateText('${{ inputs.dry }}', context)).toBe('false');
    expect(interpolateText('${{ github.missing }}', context)).toBe('');
  });
});

describe('if: conditions', () => {
  test('an expression without a status function is implied success() &&', () => {
    expect(evaluateCondition("github.ref == 'refs/heads/main'", context)).toBe(true);
    expect(
      evaluateCondition("github.ref == 'refs/heads/main'", { ...context, status: 'failure' }),
    ).toBe(false);
  });
  test('${{ }} around a condition is optional', () => {
    expect(evaluateCondition("${{ inputs.environment == 'production' }}", context)).toBe(true);
  });
  test('status functions', () => {
    const failed = { ...context, status: 'failure' as const };
    expect(evaluateCondition('failure()', failed)).toBe(true);
    expect(evaluateCondition('always()', failed)).toBe(true);
    expect(evaluateCondition("failure() && steps.scan-image.outcome == 'failure'", failed)).toBe(
      true,
    );
    expect(evaluateCondition('success()', failed)).toBe(false);
    expect(evaluateCondition(undefined, failed)).toBe(false);
    expect(evaluateCondition(undefined, context)).toBe(true);
  });
});
