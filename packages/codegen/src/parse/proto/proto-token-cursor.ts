import type { ProtoToken } from './tokenize-proto.js';

/** A syntax error at a 1-based position. */
export interface ProtoSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
  /** True for a problem protobufjs can still read past (a double, float or bytes map key). */
  readonly readable?: boolean;
}

/** Thrown inside one statement; the statement is then skipped, as protoc does. */
export class Failure {
  constructor(readonly error: ProtoSyntaxError) {}
}

/**
 * Walks .proto tokens for a recursive-descent check: lookahead, `expected X, found 'y'`
 * failures, and protoc's recovery (after an error, skip to the statement's `;`, over a
 * `{ }` block, or up to the `}` that closes the enclosing block) so that one error does not
 * hide the next. `end` is the position just past the last character.
 */
export abstract class ProtoTokenCursor {
  /** The errors recorded so far. */
  protected readonly errors: ProtoSyntaxError[] = [];
  #i = 0;

  constructor(
    readonly tokens: readonly ProtoToken[],
    readonly end: { line: number; column: number },
  ) {}

  protected peek(ahead = 0): ProtoToken | undefined {
    return this.tokens[this.#i + ahead];
  }

  protected is(text: string, ahead = 0): boolean {
    return this.peek(ahead)?.text === text;
  }

  protected next(): ProtoToken {
    return this.tokens[this.#i++]!;
  }

  /** `expected X, found 'y'` at the current token. */
  protected expected(what: string): Failure {
    const t = this.peek();
    if (!t) return new Failure({ ...this.end, problem: `unexpected end of file: expected ${what}` });
    return new Failure({ line: t.line, column: t.column, problem: `expected ${what}, found '${t.text}'` });
  }

  /** `unexpected 'y': expected X` at the current token, for a statement that cannot start so. */
  protected unexpected(what: string): Failure {
    const t = this.peek();
    if (!t) return new Failure({ ...this.end, problem: `unexpected end of file: expected ${what}` });
    return new Failure({ line: t.line, column: t.column, problem: `unexpected '${t.text}': expected ${what}` });
  }

  protected expect(text: string): ProtoToken {
    if (!this.is(text)) throw this.expected(`'${text}'`);
    return this.next();
  }

  protected match(pattern: RegExp, what: string): ProtoToken {
    const t = this.peek();
    if (!t || !pattern.test(t.text)) throw this.expected(what);
    return this.next();
  }

  protected string(what: string): void {
    const t = this.peek();
    if (!t || !/^["']/.test(t.text)) throw this.expected(what);
    this.next();
  }

  /** Runs one statement; on a syntax error records it and skips the rest of the statement. */
  protected statement(parse: () => void): void {
    const start = this.#i;
    try {
      parse();
    } catch (err) {
      if (!(err instanceof Failure)) throw err;
      // After an unterminated string the statement's `;` was inside the string: that error is the string's.
      if (!this.tokens[this.#i - 1]?.unterminated) this.errors.push(err.error);
      this.skipStatement();
      if (this.#i === start && this.peek()) this.next(); // a stray `}` at the top level
    }
  }

  protected skipStatement(): void {
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.text === '}') return;
      this.next();
      if (t.text === ';') return;
      if (t.text === '{') {
        this.skipBlock();
        return;
      }
    }
  }

  /** Skips to the `}` matching a `{` just read. */
  protected skipBlock(): void {
    for (let depth = 1, t = this.peek(); t && depth > 0; t = this.peek()) {
      this.next();
      if (t.text === '{') depth++;
      if (t.text === '}') depth--;
    }
  }

  /** `{ item* }` after the `{` was read; `what` names the block for an unclosed one. */
  protected block(what: string, item: () => void): void {
    for (;;) {
      const t = this.peek();
      if (!t) {
        this.errors.push({ ...this.end, problem: `unexpected end of file: expected '}' to close ${what}` });
        return;
      }
      if (t.text === '}') {
        this.next();
        return;
      }
      this.statement(item);
    }
  }
}
