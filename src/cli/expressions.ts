/**
 * GitHub Actions expressions (`${{ … }}`): the subset of the language a workflow or an
 * action.yml default uses, with GitHub's semantics:
 * - literals null, true, false, numbers (decimal, hex, exponent) and 'single-quoted' strings;
 * - contexts with `.name`, `['name']` and `.*` (object filter) dereference; a missing property
 *   is null, never an error;
 * - operators `!`, `<`, `<=`, `>`, `>=`, `==`, `!=`, `&&`, `||` (the last two return an operand,
 *   not a boolean) and grouping;
 * - loose equality: strings compare case-insensitively; mixed types compare as numbers;
 * - functions contains, startsWith, endsWith, format, join, toJSON, fromJSON, hashFiles (given
 *   by the caller) and the status functions success, failure, always, cancelled.
 */
import { UserError } from '../shared/errors.js';

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface ExpressionContext {
  /** Named contexts: github, env, vars, secrets, inputs, needs, steps, job, runner, matrix… */
  contexts: Record<string, Value | undefined>;
  /**
   * For success()/failure(): the status of the job so far, or at job level of the jobs it
   * needs ('skipped' when one was skipped: neither success() nor failure() is then true).
   */
  status?: 'success' | 'failure' | 'cancelled' | 'skipped';
  /** hashFiles(patterns…), when the caller can compute it. */
  hashFiles?: (patterns: string[]) => string;
}

export class ExpressionError extends UserError {}

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ident'; value: string }
  | { kind: 'punct'; value: string }
  | { kind: 'end' };

const PUNCT = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '!',
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  '*',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExpressionError(`unterminated string in '${text}'`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ kind: 'string', value });
      continue;
    }
    const number = /^(?:0x[0-9a-fA-F]+|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    const previous = tokens[tokens.length - 1];
    const afterValue =
      previous && (previous.kind !== 'punct' || previous.value === ')' || previous.value === ']');
    if (number && !(c === '-' && afterValue) && !(c === '.' && afterValue)) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0] });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    if (punct) {
      tokens.push({ kind: 'punct', value: punct });
      i += punct.length;
      continue;
    }
    throw new ExpressionError(`unexpected '${c}' at position ${i + 1} in '${text}'`);
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

type Node =
  | { type: 'literal'; value: Value }
  | { type: 'context'; name: string }
  | { type: 'member'; object: Node; property: Node | '*' }
  | { type: 'not'; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node }
  | { type: 'call'; name: string; args: Node[] };

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  parse(): Node {
    const node = this.or();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(`unexpected ${describe(next)}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    return this.tokens[this.position++];
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  private expect(value: string) {
    if (!this.isPunct(value)) this.fail(`expected '${value}' but found ${describe(this.peek())}`);
    this.position++;
  }

  private fail(message: string): never {
    throw new ExpressionError(`${message} in expression '${this.source}'`);
  }

  private or(): Node {
    let left = this.and();
    while (this.isPunct('||')) {
      this.next();
      left = { type: 'binary', op: '||', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.equality();
    while (this.isPunct('&&')) {
      this.next();
      left = { type: 'binary', op: '&&', left, right: this.equality() };
    }
    return left;
  }

  private equality(): Node {
    let left = this.comparison();
    while (this.isPunct('==') || this.isPunct('!=')) {
      const op = (this.next() as { value: string }).value;
      left = { type: 'binary', op, left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Node {
    let left = this.unary();
    while (['<', '<=', '>', '>='].some((op) => this.isPunct(op))) {
      const op = (this.next() as { value: string }).value;
      left = { type: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.isPunct('!')) {
      this.next();
      return { type: 'not', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const token = this.next();
        if (token.kind === 'punct' && token.value === '*') {
          node = { type: 'member', object: node, property: '*' };
        } else if (token.kind === 'ident') {
          node = {
            type: 'member',
            object: node,
            property: { type: 'literal', value: token.value },
          };
        } else {
          this.fail(`expected a property name after '.' but found ${describe(token)}`);
        }
      } else if (this.isPunct('[')) {
        this.next();
        if (this.isPunct('*')) {
          this.next();
          this.expect(']');
          node = { type: 'member', object: node, property: '*' };
        } else {
          const property = this.or();
          this.expect(']');
          node = { type: 'member', object: node, property };
        }
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const token = this.next();
    if (token.kind === 'number' || token.kind === 'string') {
      return { type: 'literal', value: token.value };
    }
    if (token.kind === 'punct' && token.value === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'ident') {
      if (token.value === 'true') return { type: 'literal', value: true };
      if (token.value === 'false') return { type: 'literal', value: false };
      if (token.value === 'null') return { type: 'literal', value: null };
      if (this.isPunct('(')) {
        this.next();
        const args: Node[] = [];
        if (!this.isPunct(')')) {
          args.push(this.or());
          while (this.isPunct(',')) {
            this.next();
            args.push(this.or());
          }
        }
        this.expect(')');
        return { type: 'call', name: token.value.toLowerCase(), args };
      }
      return { type: 'context', name: token.value };
    }
    this.fail(`unexpected ${describe(token)}`);
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'end of expression';
  return `'${String(token.value)}'`;
}

export function truthy(value: Value | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '';
  return true;
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return 0;
    if (/^0x[0-9a-f]+$/i.test(trimmed)) return Number(trimmed);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return NaN;
    return Number(trimmed);
  }
  return NaN;
}

/** Converts a value to the string GitHub substitutes into a template. */
export function toText(value: Value | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  return JSON.stringify(value, null, 2);
}

function looseEquals(left: Value, right: Value): boolean {
  if (typeof left === 'string' && typeof right === 'string') {
    return left.toLowerCase() === right.toLowerCase();
  }
  if (typeof left === typeof right && (left === null || typeof left !== 'object')) {
    return left === right;
  }
  if (typeof left === 'object' && left !== null && typeof right === 'object' && right !== null) {
    return left === right;
  }
  if (left === null && right === null) return true;
  const a = toNumber(left);
  const b = toNumber(right);
  return !Number.isNaN(a) && !Number.isNaN(b) && a === b;
}

function compare(op: string, left: Value, right: Value): boolean {
  let a: number | string;
  let b: number | string;
  if (typeof left === 'string' && typeof right === 'string') {
    a = left.toLowerCase();
    b = right.toLowerCase();
  } else {
    a = toNumber(left);
    b = toNumber(right);
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
  }
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function member(object: Value, property: Value): Value {
  if (object === null || typeof object !== 'object') return null;
  if (Array.isArray(object)) {
    const index = toNumber(property);
    if (!Number.isInteger(index) || index < 0) return null;
    return object[index] ?? null;
  }
  const key = toText(property);
  if (Object.prototype.hasOwnProperty.call(object, key)) return object[key] ?? null;
  // Context property names are case-insensitive in GitHub expressions.
  const lower = key.toLowerCase();
  const match = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return match === undefined ? null : (object[match] ?? null);
}

function format(template: string, args: Value[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const i = Number(index);
    if (i >= args.length) throw new ExpressionError(`format(): no argument for {${i}}`);
    return toText(args[i]);
  });
}

function evaluateNode(node: Node, context: ExpressionContext): Value {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'context': {
      const key = Object.keys(context.contexts).find(
        (name) => name.toLowerCase() === node.name.toLowerCase(),
      );
      if (key === undefined) throw new ExpressionError(`unrecognized named-value: '${node.name}'`);
      return context.contexts[key] ?? null;
    }
    case 'member': {
      const object = evaluateNode(node.object, context);
      if (node.property === '*') {
        if (Array.isArray(object)) return object;
        if (object !== null && typeof object === 'object') return Object.values(object);
        return [];
      }
      const property = evaluateNode(node.property, context);
      // `.*` earlier in the chain yields an array: dereference each element (object filter).
      if (Array.isArray(object) && node.object.type === 'member' && node.object.property === '*') {
        return object.map((item) => member(item, property));
      }
      return member(object, property);
    }
    case 'not':
      return !truthy(evaluateNode(node.operand, context));
    case 'binary': {
      if (node.op === '&&') {
        const left = evaluateNode(node.left, context);
        return truthy(left) ? evaluateNode(node.right, context) : left;
      }
      if (node.op === '||') {
        const left = evaluateNode(node.left, context);
        return truthy(left) ? left : evaluateNode(node.right, context);
      }
      const left = evaluateNode(node.left, context);
      const right = evaluateNode(node.right, context);
      if (node.op === '==') return looseEquals(left, right);
      if (node.op === '!=') return !looseEquals(left, right);
      return compare(node.op, left, right);
    }
    case 'call':
      return call(node, context);
  }
}

const ARITY: Record<string, [number, number]> = {
  contains: [2, 2],
  startswith: [2, 2],
  endswith: [2, 2],
  format: [1, Infinity],
  join: [1, 2],
  tojson: [1, 1],
  fromjson: [1, 1],
  hashfiles: [1, Infinity],
  success: [0, 0],
  failure: [0, 0],
  always: [0, 0],
  cancelled: [0, 0],
};

function call(node: Extract<Node, { type: 'call' }>, context: ExpressionContext): Value {
  const arity = ARITY[node.name];
  if (!arity) throw new ExpressionError(`unknown function '${node.name}()'`);
  if (node.args.length < arity[0] || node.args.length > arity[1]) {
    throw new ExpressionError(`wrong number of arguments to '${node.name}()'`);
  }
  const args = node.args.map((arg) => evaluateNode(arg, context));
  const status = context.status ?? 'success';
  switch (node.name) {
    case 'success':
      return status === 'success';
    case 'failure':
      return status === 'failure';
    case 'cancelled':
      return status === 'cancelled';
    case 'always':
      return true;
    case 'contains': {
      const [haystack, needle] = args;
      if (Array.isArray(haystack)) return haystack.some((item) => looseEquals(item, needle));
      return toText(haystack).toLowerCase().includes(toText(needle).toLowerCase());
    }
    case 'startswith':
      return toText(args[0]).toLowerCase().startsWith(toText(args[1]).toLowerCase());
    case 'endswith':
      return toText(args[0]).toLowerCase().endsWith(toText(args[1]).toLowerCase());
    case 'format':
      return format(toText(args[0]), args.slice(1));
    case 'join': {
      const separator = args.length > 1 ? toText(args[1]) : ',';
      return Array.isArray(args[0]) ? args[0].map(toText).join(separator) : toText(args[0]);
    }
    case 'tojson':
      return JSON.stringify(args[0], null, 2);
    case 'fromjson':
      try {
        return JSON.parse(toText(args[0])) as Value;
      } catch {
        throw new ExpressionError(`fromJSON(): not valid JSON: '${toText(args[0]).slice(0, 80)}'`);
      }
    case 'hashfiles':
      return context.hashFiles ? context.hashFiles(args.map(toText)) : '';
  }
  throw new ExpressionError(`unknown function '${node.name}()'`);
}

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluate(expression: string, context: ExpressionContext): Value {
  return evaluateNode(new Parser(tokenize(expression), expression).parse(), context);
}

const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g;

/** True when the text contains a `${{ }}` expression. */
export function hasExpression(text: string): boolean {
  return /\$\{\{[\s\S]*?\}\}/.test(text);
}

/**
 * Substitutes every `${{ }}` in a string. A string that is exactly one expression keeps the
 * expression's type (so `${{ fromJSON('[1]') }}` is an array); otherwise the result is text.
 */
export function interpolate(text: string, context: ExpressionContext): Value {
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(text);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], context);
  return text.replace(TEMPLATE, (_match, expression: string) =>
    toText(evaluate(expression, context)),
  );
}

/** Like interpolate, always returning text (for inputs, env values and `run:` scripts). */
export function interpolateText(text: string, context: ExpressionContext): string {
  return toText(interpolate(text, context));
}

/** Recursively substitutes expressions in the strings of a YAML value. */
export function interpolateDeep(value: unknown, context: ExpressionContext): Value {
  if (typeof value === 'string') return interpolate(value, context);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, context));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Value> = {};
    for (const [key, item] of Object.entries(value)) out[key] = interpolateDeep(item, context);
    return out;
  }
  if (value === undefined) return null;
  return value as Value;
}

const STATUS_FUNCTION = /\b(success|failure|always|cancelled)\s*\(/i;

/**
 * Evaluates an `if:` condition as the runner does: `${{ }}` is optional, and a condition that
 * calls no status function is implicitly `success() && (condition)`.
 */
export function evaluateCondition(condition: unknown, context: ExpressionContext): boolean {
  if (condition === undefined || condition === null || condition === '') {
    return (context.status ?? 'success') === 'success';
  }
  if (typeof condition === 'boolean') {
    return condition && (context.status ?? 'success') === 'success';
  }
  let text = String(condition).trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (wrapped && !wrapped[1].includes('${{')) text = wrapped[1].trim();
  else if (hasExpression(text)) text = `'${interpolateText(text, context).replace(/'/g, "''")}'`;
  if (!STATUS_FUNCTION.test(text)) text = `success() && (${text})`;
  return truthy(evaluate(text, context));
}
