/**
 * A streaming JSON parser that builds only what the gate needs. Scanner reports are mostly
 * text nobody gates on (references, CPEs, layer metadata, match details): only the keys named in
 * `keep` are built, everything else is stepped over without being decoded, long strings are
 * clipped, and repeated long strings (the same CVE description for five packages) are stored
 * once. Bytes arrive in chunks, so a 100 MB report never sits in memory whole. Strict JSON
 * otherwise: a truncated or malformed document is an error with its byte offset.
 */

/**
 * Which parts of a value to build. `true`: all of it. An object: for an object value, only
 * these keys (each with its own spec); for an array value, the spec applies to each element;
 * a primitive value is kept as it is. `'mark'`: the value is skipped and `true` put in its place
 * (to tell that a key is present without building it).
 */
export type KeepSpec = true | 'mark' | { readonly [key: string]: KeepSpec };

export interface PruneOptions {
  keep: KeepSpec;
  /** Strings longer than this are clipped (with a trailing …). */
  maxString: number;
  /**
   * Per array key: turns each element, as soon as it is complete, into what is stored instead
   * (e.g. a report entry into a compact finding), so the raw element dies young.
   */
  convert?: Record<string, (element: unknown) => unknown>;
}

export class JsonSyntaxError extends Error {}

/** A KeepSpec turned into maps once, so a key lookup is one Map.get. */
interface Compiled {
  /** Build everything below. */
  all: boolean;
  /** The kept keys, as UTF-8 bytes: a key in the report is matched without decoding it. */
  children: Array<{ key: string; bytes: Buffer; spec: Compiled | 'mark' }>;
}

const ALL: Compiled = { all: true, children: [] };

function compile(spec: KeepSpec): Compiled {
  if (spec === true || spec === 'mark') return ALL;
  return {
    all: false,
    children: Object.entries(spec).map(([key, child]) => ({
      key,
      bytes: Buffer.from(key, 'utf8'),
      spec: child === 'mark' ? 'mark' : compile(child),
    })),
  };
}

/** The kept key whose bytes are buf[start, end), if any. */
function matchKey(spec: Compiled, buf: Buffer, start: number, end: number) {
  const length = end - start;
  for (const child of spec.children) {
    const bytes = child.bytes;
    if (bytes.length !== length || bytes[0] !== buf[start]) continue;
    let i = 1;
    while (i < length && bytes[i] === buf[start + i]) i++;
    if (i === length) return child;
  }
  return undefined;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  value: Container;
  isArray: boolean;
  spec: Compiled;
  /** Object: the key whose value comes next. */
  key: string;
  /** Array: converts each element before it is stored. */
  convert?: (element: unknown) => unknown;
}

// What the next token may be.
const VALUE = 0; // a value (document start, after ':', after ',' in an array)
const KEY = 1; // a key, or '}' unless right after ','
const COLON = 2;
const AFTER = 3; // ',' or a closing bracket
const FIRST = 4; // right after '[': a value or ']'

const QUOTE = 34;
const BACKSLASH = 92;
/** Strings at least this long are interned (descriptions repeat across packages). */
const INTERN_FROM = 64;
/** Strings up to this many bytes are decoded through the short-string cache. */
const SHORT = 48;
const SHORT_CACHE = 50_000;

export class PrunedJsonParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Bytes consumed before `buf` started, for error offsets. */
  private base = 0;
  private readonly stack: Frame[] = [];
  private state = VALUE;
  /** After ',' in an object only a key may follow (no '}'). */
  private keyRequired = false;
  /** What to do with the next value: build it with `nextSpec`, skip it, or mark it. */
  private skipNext = false;
  private markNext = false;
  private nextSpec: Compiled;
  /** >0 while stepping over a skipped container. */
  private skipDepth = 0;
  private root: unknown;
  private finished = false;
  private readonly rootSpec: Compiled;
  private readonly interned = new Map<string, string>();
  private readonly shorts = new Map<number, string>();
  private readonly converters: Map<string, (element: unknown) => unknown>;

  constructor(private readonly options: PruneOptions) {
    this.rootSpec = options.keep === 'mark' ? ALL : compile(options.keep);
    this.converters = new Map(Object.entries(options.convert ?? {}));
    this.nextSpec = this.rootSpec;
  }

  write(chunk: Buffer): void {
    this.buf =
      this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.base += this.pos;
    this.pos = 0;
    this.run(false);
  }

  /** Ends the input and returns the document. */
  end(): unknown {
    this.run(true);
    if (!this.finished) throw this.error('unexpected end of JSON input');
    return this.root;
  }

  private error(message: string, at = this.pos): JsonSyntaxError {
    return new JsonSyntaxError(`${message} at byte ${this.base + at}`);
  }

  private unexpected(c: number, expected: string): JsonSyntaxError {
    return this.error(`expected ${expected}, found '${String.fromCharCode(c)}'`);
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    while (this.pos < n) {
      if (this.skipDepth > 0) {
        if (!this.skipContainer(final)) return;
        continue;
      }
      const c = buf[this.pos];
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        this.pos++;
        continue;
      }
      if (this.finished) {
        throw this.error(`unexpected '${String.fromCharCode(c)}' after the document`);
      }
      switch (this.state) {
        case KEY: {
          if (c === 125 && !this.keyRequired) {
            this.pos++;
            this.close(false);
            break;
          }
          if (c !== QUOTE) throw this.unexpected(c, 'a key');
          const top = this.stack[this.stack.length - 1];
          if (top.spec.all) {
            const key = this.readString(final, true, false);
            if (key === undefined) return;
            top.key = key;
            this.setNext(ALL);
          } else {
            // Only kept keys matter here: compare bytes, decode nothing.
            const start = this.pos + 1;
            if (this.readString(final, false, false) === undefined) return;
            const child = matchKey(top.spec, this.buf, start, this.pos - 1);
            top.key = child ? child.key : '';
            this.setNext(child?.spec);
          }
          this.state = COLON;
          break;
        }
        case COLON:
          if (c !== 58) throw this.unexpected(c, "':'");
          this.pos++;
          this.state = VALUE;
          break;
        case AFTER: {
          const top = this.stack[this.stack.length - 1];
          if (c === 44) {
            this.pos++;
            if (top.isArray) {
              this.state = VALUE;
            } else {
              this.state = KEY;
              this.keyRequired = true;
            }
          } else if (c === (top.isArray ? 93 : 125)) {
            this.pos++;
            this.close(top.isArray);
          } else {
            throw this.unexpected(c, `',' or '${top.isArray ? ']' : '}'}'`);
          }
          break;
        }
        case FIRST:
          if (c === 93) {
            this.pos++;
            this.close(true);
            break;
          }
          if (!this.readValue(c, final)) return;
          break;
        default:
          if (!this.readValue(c, final)) return;
      }
    }
    if (final && this.skipDepth > 0) throw this.error('unexpected end of JSON input');
  }

  private setNext(spec: Compiled | 'mark' | undefined) {
    this.markNext = spec === 'mark';
    this.skipNext = spec === undefined || spec === 'mark';
    this.nextSpec = spec === undefined || spec === 'mark' ? ALL : spec;
  }

  private readValue(c: number, final: boolean): boolean {
    const top = this.stack[this.stack.length - 1];
    // In an array the element spec is the array's; an object's was set when its key was read.
    if (top === undefined) this.setNext(this.rootSpec);
    else if (top.isArray) this.setNext(top.spec);
    if (c === 123 || c === 91) {
      this.pos++;
      if (this.skipNext) {
        this.skipDepth = 1;
        return true;
      }
      const isArray = c === 91;
      const frame: Frame = { value: isArray ? [] : {}, isArray, spec: this.nextSpec, key: '' };
      if (isArray && top !== undefined && !top.isArray && this.options.convert) {
        frame.convert = this.converters.get(top.key);
      }
      this.stack.push(frame);
      if (isArray) {
        this.state = FIRST;
      } else {
        this.state = KEY;
        this.keyRequired = false;
      }
      return true;
    }
    let value: unknown;
    if (c === QUOTE) {
      const text = this.readString(final, !this.skipNext, true);
      if (text === undefined) return false;
      value = text;
    } else {
      const buf = this.buf;
      const start = this.pos;
      let i = start;
      while (i < buf.length) {
        const b = buf[i];
        if (b === 44 || b === 93 || b === 125 || b === 32 || b === 10 || b === 13 || b === 9) break;
        i++;
      }
      if (i === buf.length && !final) return false;
      if (i === start) throw this.error(`unexpected '${String.fromCharCode(c)}'`);
      const token = buf.toString('latin1', start, i);
      if (token === 'true') value = true;
      else if (token === 'false') value = false;
      else if (token === 'null') value = null;
      else if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(token)) value = Number(token);
      else throw this.error(`unexpected '${token.slice(0, 40)}'`);
      this.pos = i;
    }
    if (!this.skipNext) this.deliver(value);
    else if (this.markNext) this.deliver(true);
    this.afterValue();
    return true;
  }

  private afterValue() {
    if (this.stack.length === 0) this.finished = true;
    else this.state = AFTER;
  }

  private deliver(value: unknown) {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.root = value;
    else if (top.isArray) (top.value as unknown[]).push(top.convert ? top.convert(value) : value);
    else (top.value as Record<string, unknown>)[top.key] = value;
  }

  private close(isArray: boolean) {
    const frame = this.stack.pop()!;
    if (frame.isArray !== isArray) throw this.error('mismatched bracket', this.pos - 1);
    this.deliver(frame.value);
    this.afterValue();
  }

  /**
   * Reads the string starting at pos (a quote). Returns undefined when it continues in the next
   * chunk. `decode` false: the value is not needed, only stepped over.
   */
  private readString(final: boolean, decode: boolean, clip: boolean): string | undefined {
    const buf = this.buf;
    const start = this.pos + 1;
    let from = start;
    let q: number;
    for (;;) {
      q = buf.indexOf(QUOTE, from);
      if (q < 0) {
        if (final) throw this.error('unterminated string');
        return undefined;
      }
      // A quote preceded by an odd number of backslashes is escaped.
      let k = q - 1;
      while (k >= start && buf[k] === BACKSLASH) k--;
      if ((q - 1 - k) % 2 === 0) break;
      from = q + 1;
    }
    this.pos = q + 1;
    if (!decode) return '';
    let escaped = false;
    for (let i = start; i < q; i++) {
      if (buf[i] === BACKSLASH) {
        escaped = true;
        break;
      }
    }
    const max = this.options.maxString;
    let text: string;
    if (!escaped && q - start <= SHORT && (!clip || q - start <= max)) {
      const short = this.short(start, q);
      if (short !== undefined) return short;
    }
    if (escaped) {
      try {
        text = JSON.parse(buf.toString('utf8', start - 1, q + 1)) as string;
      } catch {
        throw this.error('bad escape in string', start - 1);
      }
    } else {
      text = buf.toString('utf8', start, clip ? Math.min(q, start + max * 4) : q);
    }
    if (clip && text.length > max) text = `${text.slice(0, max - 1)}…`;
    if (text.length >= INTERN_FROM) {
      const known = this.interned.get(text);
      if (known !== undefined) return known;
      this.interned.set(text, text);
    }
    return text;
  }

  /**
   * Short ASCII strings (keys, severities, statuses, package names) repeat thousands of times:
   * they are looked up by a hash of their bytes instead of being decoded again.
   */
  private short(start: number, end: number): string | undefined {
    const buf = this.buf;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b >= 0x80) return undefined;
      hash = Math.imul(hash ^ b, 0x01000193);
    }
    hash = (hash ^ (end - start)) & 0x3fffffff; // a small integer: no heap number, fast Map key
    const known = this.shorts.get(hash);
    if (known !== undefined && known.length === end - start) {
      let same = true;
      for (let i = 0; i < known.length; i++) {
        if (known.charCodeAt(i) !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    const text = buf.toString('latin1', start, end);
    if (this.shorts.size < SHORT_CACHE) this.shorts.set(hash, text);
    return text;
  }

  /** Steps over the rest of a skipped container. False when more input is needed. */
  private skipContainer(final: boolean): boolean {
    const buf = this.buf;
    const n = buf.length;
    let pos = this.pos;
    while (pos < n) {
      const c = buf[pos];
      if (c === QUOTE) {
        this.pos = pos;
        if (this.readString(final, false, false) === undefined) return false;
        pos = this.pos;
        continue;
      }
      if (c === 123 || c === 91) {
        this.skipDepth++;
      } else if (c === 125 || c === 93) {
        if (--this.skipDepth === 0) {
          this.pos = pos + 1;
          if (this.markNext) this.deliver(true);
          this.afterValue();
          return true;
        }
      }
      pos++;
    }
    this.pos = pos;
    return true;
  }
}

/** Parses a whole document held in memory (tests, small reports). */
export function parsePruned(input: string | Buffer, options: PruneOptions): unknown {
  const parser = new PrunedJsonParser(options);
  parser.write(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return parser.end();
}
