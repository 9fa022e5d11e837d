import type { SourceLocation } from '../../ir/source-location.js';

interface Token {
  text: string;
  line: number;
  column: number;
}

/** Splits .proto source into tokens with 1-based positions; comments dropped, strings kept whole. */
export function tokenizeProto(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      lineStart = ++i;
    } else if (/\s/.test(c)) {
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
    } else if (/[A-Za-z0-9_.]/.test(c)) {
      const start = i;
      while (i < source.length && /[A-Za-z0-9_.]/.test(source[i]!)) i++;
      tokens.push({ text: source.slice(start, i), line, column: start - lineStart + 1 });
    } else {
      tokens.push({ text: c, line, column: i - lineStart + 1 });
      i++;
    }
  }
  return tokens;
}

/**
 * Positions of a .proto file's declarations, which protobufjs does not keep. Keys:
 * `pkg.Msg` (message, enum, service), `pkg.Msg.field`, `pkg.Enum.VALUE`, `pkg.Svc.Method`,
 * and `<key>#type`, `<key>#request`, `<key>#response` for the type names they reference.
 */
export class ProtoLocator {
  readonly #positions = new Map<string, SourceLocation>();
  readonly #file: string;
  /** The file's `package`, or '' when it has none. */
  package = '';

  constructor(file: string, source: string) {
    this.#file = file;
    this.#scan(tokenizeProto(source));
  }

  /** The position recorded under `key`, else the start of the file. */
  find(key: string): SourceLocation {
    return this.#positions.get(key) ?? { file: this.#file, line: 1, column: 1 };
  }

  has(key: string): boolean {
    return this.#positions.has(key);
  }

  /** The first position of a token equal to `text` (for errors protobufjs reports without a position). */
  #at(t: Token): SourceLocation {
    return { file: this.#file, line: t.line, column: t.column };
  }

  #scan(tokens: Token[]): void {
    let pkg = '';
    // Each scope: its qualified name and kind; 'block' for braces that are not declarations.
    const scopes: { name: string; kind: 'message' | 'enum' | 'service' | 'oneof' | 'block' }[] = [];
    const qualify = (name: string) => {
      const parent = [...scopes].reverse().find((s) => s.kind !== 'oneof' && s.kind !== 'block');
      const base = parent ? parent.name : pkg;
      return base ? `${base}.${name}` : name;
    };
    const current = () => [...scopes].reverse().find((s) => s.kind !== 'oneof');
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1];
      if (t.text === 'package' && next && scopes.length === 0) {
        pkg = next.text;
        this.package = pkg;
        continue;
      }
      if ((t.text === 'message' || t.text === 'enum' || t.text === 'service') && next && tokens[i + 2]?.text === '{') {
        const name = qualify(next.text);
        this.#positions.set(name, this.#at(next));
        scopes.push({ name, kind: t.text });
        i += 2;
        continue;
      }
      if (t.text === 'oneof' && next && tokens[i + 2]?.text === '{') {
        this.#positions.set(`${qualify(next.text)}#oneof`, this.#at(next));
        scopes.push({ name: next.text, kind: 'oneof' });
        i += 2;
        continue;
      }
      if (t.text === '{') {
        scopes.push({ name: '', kind: 'block' });
        continue;
      }
      if (t.text === '}') {
        scopes.pop();
        continue;
      }
      const scope = current();
      if (!scope) continue;
      if (scope.kind === 'service' && t.text === 'rpc' && next) {
        const key = `${scope.name}.${next.text}`;
        this.#positions.set(key, this.#at(next));
        // rpc Name ( [stream] Req ) returns ( [stream] Res )
        let j = i + 2;
        const typeAfterParen = (): Token | undefined => {
          while (j < tokens.length && tokens[j]!.text !== '(') j++;
          j++;
          if (tokens[j]?.text === 'stream') j++;
          return tokens[j];
        };
        const req = typeAfterParen();
        if (req) this.#positions.set(`${key}#request`, this.#at(req));
        const res = typeAfterParen();
        if (res) this.#positions.set(`${key}#response`, this.#at(res));
        continue;
      }
      if (scope.kind === 'enum' && next?.text === '=' && /^[A-Za-z_]/.test(t.text) && t.text !== 'option') {
        this.#positions.set(`${scope.name}.${t.text}`, this.#at(t));
        continue;
      }
      if (scope.kind === 'message' && next?.text === '=' && /^[A-Za-z_]/.test(t.text) && tokens[i - 1]?.text !== 'option') {
        // field: the type is the token before the name, or a map<...> that closes just before it
        const key = `${scope.name}.${t.text}`;
        this.#positions.set(key, this.#at(t));
        const prev = tokens[i - 1];
        if (prev && prev.text !== '>') this.#positions.set(`${key}#type`, this.#at(prev));
        else {
          let j = i - 1;
          while (j > 0 && tokens[j]!.text !== 'map') j--;
          this.#positions.set(`${key}#type`, this.#at(tokens[j]!));
        }
      }
    }
  }
}
