/** One token of .proto source with its 1-based position. */
export interface ProtoToken {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const WORD = /[A-Za-z0-9_.]/;

/**
 * Splits .proto source into tokens with 1-based positions; comments dropped, strings kept
 * whole (with their quotes), identifiers and numbers (`foo.Bar`, `0x1F`) as one token, any
 * other character as a token of its own.
 */
export function tokenizeProto(source: string): ProtoToken[] {
  const tokens: ProtoToken[] = [];
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
      i += 2;
      while (i < source.length && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      i += 2;
    } else if (c === '"' || c === "'") {
      const start = i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
      tokens.push({ text: source.slice(start, i), line, column: start - lineStart + 1 });
    } else if (WORD.test(c)) {
      const start = i;
      while (i < source.length && WORD.test(source[i]!)) i++;
      tokens.push({ text: source.slice(start, i), line, column: start - lineStart + 1 });
    } else {
      tokens.push({ text: c, line, column: i - lineStart + 1 });
      i++;
    }
  }
  return tokens;
}

/** The value of a string token without quotes (escapes other than `\"` and `\\` kept as written). */
export function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(["'\\])/g, '$1');
}

/** A proto integer literal (decimal, `0x` hex, `0` octal); NaN when it is not one. */
export function parseProtoInt(text: string): number {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[0-7]+$/.test(text)) return parseInt(text.slice(1), 8);
  if (/^[0-9]+$/.test(text)) return Number(text);
  return Number.NaN;
}
