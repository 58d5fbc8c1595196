/**
 * Conditions of Prometheus checks, as in Argo Rollouts' successCondition: a small expression over
 * `result` (one number: the scalar, or one vector element), e.g. `result >= 0.99`,
 * `result > 0 && result < 0.5`, `(result * 100) >= 99.5`. Comparisons, arithmetic (+ - * /),
 * `&&`/`and`, `||`/`or`, `!`/`not`, parentheses and `isNaN(result)`.
 */

export type Condition = (result: number) => boolean;

type Node =
  | { type: 'number'; value: number }
  | { type: 'result' }
  | { type: 'isNaN'; arg: Node }
  | { type: 'not'; arg: Node }
  | { type: 'neg'; arg: Node }
  | { type: 'binary'; op: string; left: Node; right: Node };

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(>=|<=|==|!=|&&|\|\||[<>+\-*/()!])|([A-Za-z_][A-Za-z0-9_]*))/y;

export class ConditionSyntaxError extends Error {}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) {
      throw new ConditionSyntaxError(`unexpected '${text.slice(at).trim()[0]}'`);
    }
    tokens.push(match[1] ?? match[2] ?? match[3]);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** Parse a condition; throws ConditionSyntaxError with what is wrong. */
export function parseCondition(text: string): Condition {
  const tokens = tokenize(text);
  let index = 0;
  const peek = () => tokens[index];
  const take = () => tokens[index++];
  const expect = (token: string) => {
    if (peek() !== token) {
      throw new ConditionSyntaxError(
        `expected '${token}' but found ${peek() === undefined ? 'the end' : `'${peek()}'`}`,
      );
    }
    index++;
  };

  const orExpr = (): Node => {
    let left = andExpr();
    while (peek() === '||' || peek() === 'or') {
      take();
      left = { type: 'binary', op: '||', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (peek() === '&&' || peek() === 'and') {
      take();
      left = { type: 'binary', op: '&&', left, right: notExpr() };
    }
    return left;
  };
  const notExpr = (): Node => {
    if (peek() === '!' || peek() === 'not') {
      take();
      return { type: 'not', arg: notExpr() };
    }
    return comparison();
  };
  const comparison = (): Node => {
    const left = sum();
    const op = peek();
    if (op && ['>=', '<=', '==', '!=', '<', '>'].includes(op)) {
      take();
      return { type: 'binary', op, left, right: sum() };
    }
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = take();
      left = { type: 'binary', op, left, right: product() };
    }
    return left;
  };
  const product = (): Node => {
    let left = unary();
    while (peek() === '*' || peek() === '/') {
      const op = take();
      left = { type: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() === '-') {
      take();
      return { type: 'neg', arg: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const token = take();
    if (token === undefined) throw new ConditionSyntaxError('unexpected end of the condition');
    if (/^\d/.test(token)) return { type: 'number', value: Number(token) };
    if (token === 'result') return { type: 'result' };
    if (token === 'isNaN') {
      expect('(');
      const arg = orExpr();
      expect(')');
      return { type: 'isNaN', arg };
    }
    if (token === '(') {
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (/^[A-Za-z_]/.test(token)) {
      throw new ConditionSyntaxError(`unknown name '${token}'; the value is called 'result'`);
    }
    throw new ConditionSyntaxError(`unexpected '${token}'`);
  };

  if (tokens.length === 0) throw new ConditionSyntaxError('the condition is empty');
  const tree = orExpr();
  if (index < tokens.length) throw new ConditionSyntaxError(`unexpected '${tokens[index]}'`);
  if (!isBoolean(tree)) {
    throw new ConditionSyntaxError('the condition must compare result, e.g. result >= 0.99');
  }
  return (result) => Boolean(evaluate(tree, result));
}

function isBoolean(node: Node): boolean {
  if (node.type === 'not' || node.type === 'isNaN') return true;
  if (node.type === 'binary') {
    return ['&&', '||', '>=', '<=', '==', '!=', '<', '>'].includes(node.op);
  }
  return false;
}

function evaluate(node: Node, result: number): number | boolean {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'result':
      return result;
    case 'isNaN':
      return Number.isNaN(Number(evaluate(node.arg, result)));
    case 'not':
      return !evaluate(node.arg, result);
    case 'neg':
      return -Number(evaluate(node.arg, result));
    case 'binary': {
      if (node.op === '&&')
        return Boolean(evaluate(node.left, result)) && Boolean(evaluate(node.right, result));
      if (node.op === '||')
        return Boolean(evaluate(node.left, result)) || Boolean(evaluate(node.right, result));
      const left = Number(evaluate(node.left, result));
      const right = Number(evaluate(node.right, result));
      switch (node.op) {
        case '>=':
          return left >= right;
        case '<=':
          return left <= right;
        case '==':
          return left === right;
        case '!=':
          return left !== right;
        case '<':
          return left < right;
        case '>':
          return left > right;
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        default:
          return left / right;
      }
    }
  }
}
