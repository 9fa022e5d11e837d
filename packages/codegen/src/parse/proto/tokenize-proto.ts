/** One token of .proto source with its 1-based position. */
export interface ProtoToken {
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** A string literal the line ended inside of (its text has no closing quote). */
  readonly unterminated?: true;
}

/** A character-level problem: a string or a block comment that is never closed. */
export interface ProtoLexError {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

const WORD = /[A-Za-z0-9_.]/;

/**
 * Splits .proto source into tokens with 1-based positions; comments dropped, strings kept
 * whole (with their quotes), identifiers and numbers (`foo.Bar`, `0x1F`) as one token, any
 * other character as a token of its own.
 */
export function tokenizeProto(source: string): ProtoToken[] {
  return lexProto(source).tokens;
}

/** tokenizeProto, plus the strings and comments left open. */
export function lexProto(source: string): { tokens: ProtoToken[]; errors: ProtoLexError[] } {
  const tokens: ProtoToken[] = [];
  const errors: ProtoLexError[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      lineStart = ++i;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const open = { line, column: i - lineStart + 1 };
      i += 2;
      while (i < source.length && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= source.length) errors.push({ ...open, problem: 'unterminated comment: expected */ to close the comment started here' });
      i += 2;
    } else if (c === '"' || c === "'") {
      const start = i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n' && !(source[i] === '\\' && source[i + 1] === '\n')) {
        i += source[i] === '\\' ? 2 : 1;
      }
      const column = start - lineStart + 1;
      if (source[i] === c) {
        i++;
        tokens.push({ text: source.slice(start, i), line, column });
      } else {
        // The line (or file) ends inside the string: the newline stays a newline, so later positions hold.
        const text = source.slice(start, i).replace(/\r$/, '');
        tokens.push({ text, line, column, unterminated: true });
        errors.push({
          line,
          column,
          problem: `unterminated string: ${text} has no closing ${c} on its line (a string cannot span lines)`,
        });
      }
    } else if (WORD.test(c)) {
      const start = i;
      while (i < source.length && WORD.test(source[i]!)) i++;
      tokens.push({ text: source.slice(start, i), line, column: start - lineStart + 1 });
    } else {
      tokens.push({ text: c, line, column: i - lineStart + 1 });
      i++;
    }
  }
  return { tokens, errors };
}

/** The value of a string token without quotes (escapes other than `\"` and `\\` kept as written). */
export function unquote(text: string): string {
  const closed = text.length > 1 && text.endsWith(text[0]!);
  return text.slice(1, closed ? -1 : undefined).replace(/\\(["'\\])/g, '$1');
}

/** A proto integer literal (decimal, `0x` hex, `0` octal); NaN when it is not one. */
export function parseProtoInt(text: string): number {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[0-7]+$/.test(text)) return parseInt(text.slice(1), 8);
  if (/^[0-9]+$/.test(text)) return Number(text);
  return Number.NaN;
}
