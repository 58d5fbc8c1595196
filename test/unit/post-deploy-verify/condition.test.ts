import { ConditionSyntaxError, parseCondition } from '../../../src/post-deploy-verify/condition.js';

describe('parseCondition', () => {
  test.each([
    ['result >= 0.99', 0.99, true],
    ['result >= 0.99', 0.98, false],
    ['result > 0 && result < 0.5', 0.2, true],
    ['result > 0 and result < 0.5', 0.7, false],
    ['result < 1 || result == 5', 5, true],
    ['not (result == 1)', 1, false],
    ['(result * 100) >= 99.5', 0.996, true],
    ['result - 1 < -0.5', 0.2, true],
    ['result != 0', 0, false],
    ['isNaN(result) || result >= 1', Number.NaN, true],
    ['result <= 1e3', 999, true],
    ['result >= 0.99', Number.NaN, false],
  ])('%s with %p is %p', (text, value, expected) => {
    expect(parseCondition(text)(value)).toBe(expected);
  });

  test.each([
    ['result >== 1', /unexpected '='/],
    ['value >= 1', /unknown name 'value'; the value is called 'result'/],
    ['result +', /unexpected end/],
    ['(result >= 1', /expected '\)'/],
    ['result', /must compare result/],
    ['', /empty/],
    ['result >= 1 $', /unexpected '\$'/],
  ])('%p is rejected: %p', (text, message) => {
    expect(() => parseCondition(text)).toThrow(ConditionSyntaxError);
    expect(() => parseCondition(text)).toThrow(message);
  });
});
