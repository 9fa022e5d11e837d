import type { SourceLocation } from '../../ir/source-location.js';
import { parseProtoInt, tokenizeProto, unquote, type ProtoToken } from './tokenize-proto.js';

export { tokenizeProto } from './tokenize-proto.js';

/** A field of a message (or a value of an enum) as written, with its positions. */
export interface FieldSite {
  readonly name: string;
  /** NaN when the number is not an integer literal. */
  readonly number: number;
  readonly at: SourceLocation;
  readonly numberAt: SourceLocation;
}

/** One `reserved` statement. `max` is 536870911. */
export interface ReservedSite {
  readonly ranges: readonly (readonly [number, number])[];
  readonly names: readonly string[];
  readonly at: SourceLocation;
}

/** A message, enum or service declaration as written. */
export interface DeclSite {
  readonly kind: 'message' | 'enum' | 'service';
  readonly fullName: string;
  readonly at: SourceLocation;
  readonly fields: FieldSite[];
  readonly reserved: ReservedSite[];
  /** `option allow_alias = true;` in an enum. */
  allowAlias: boolean;
}

type ScopeKind = 'message' | 'enum' | 'service' | 'method' | 'oneof' | 'extend' | 'block';

/** The largest field number protobuf allows (2^29 - 1). */
export const MAX_FIELD_NUMBER = 536_870_911;

/**
 * Positions of a .proto file's declarations, which protobufjs does not keep. Keys:
 * `pkg.Msg` (message, enum, service), `pkg.Msg.field`, `pkg.Enum.VALUE`, `pkg.Svc.Method`,
 * `<key>#type`, `<key>#value` (of a map), `<key>#request`, `<key>#response` for the type names they reference, and
 * `<key>#option:<name>` for options (`pkg.Svc.Method#option:(warren.timeout_ms)`).
 * It also records what protobufjs checks without positions (field numbers, reserved
 * statements, imports), so that those errors can name file:line:column.
 */
export class ProtoLocator {
  readonly #positions = new Map<string, SourceLocation>();
  readonly #file: string;
  /** The file's `package`, or '' when it has none. */
  package = '';
  /** `syntax = "..."` (or `edition = "..."`) as written; undefined when the file has none. */
  syntax: { readonly keyword: 'syntax' | 'edition'; readonly value: string; readonly at: SourceLocation } | undefined;
  readonly imports: { readonly path: string; readonly at: SourceLocation }[] = [];
  readonly decls: DeclSite[] = [];

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

  #at(t: ProtoToken): SourceLocation {
    return { file: this.#file, line: t.line, column: t.column };
  }

  #scan(tokens: ProtoToken[]): void {
    let pkg = '';
    const scopes: { name: string; kind: ScopeKind; decl?: DeclSite }[] = [];
    const qualify = (name: string) => {
      const parent = [...scopes].reverse().find((s) => s.kind === 'message' || s.kind === 'enum' || s.kind === 'service');
      const base = parent ? parent.name : pkg;
      return base ? `${base}.${name}` : name;
    };
    const current = () => [...scopes].reverse().find((s) => s.kind !== 'oneof');
    let pendingMethod: string | undefined;
    let bracket = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1];
      if (t.text === '[') bracket++;
      if (t.text === ']') bracket = Math.max(0, bracket - 1);
      if (bracket > 0) continue;
      if (scopes.length === 0) {
        if (t.text === 'package' && next) {
          pkg = next.text;
          this.package = pkg;
          continue;
        }
        if ((t.text === 'syntax' || t.text === 'edition') && next?.text === '=' && tokens[i + 2]) {
          this.syntax = { keyword: t.text, value: unquote(tokens[i + 2]!.text), at: this.#at(tokens[i + 2]!) };
          i += 2;
          continue;
        }
        if (t.text === 'import' && next) {
          const pathToken = next.text === 'public' || next.text === 'weak' ? tokens[i + 2] : next;
          if (pathToken && /^["']/.test(pathToken.text)) this.imports.push({ path: unquote(pathToken.text), at: this.#at(pathToken) });
          continue;
        }
      }
      if ((t.text === 'message' || t.text === 'enum' || t.text === 'service') && next && tokens[i + 2]?.text === '{') {
        const name = qualify(next.text);
        const decl: DeclSite = { kind: t.text, fullName: name, at: this.#at(next), fields: [], reserved: [], allowAlias: false };
        this.decls.push(decl);
        if (!this.#positions.has(name)) this.#positions.set(name, this.#at(next));
        scopes.push({ name, kind: t.text, decl });
        i += 2;
        continue;
      }
      if (t.text === 'oneof' && next && tokens[i + 2]?.text === '{') {
        this.#positions.set(`${qualify(next.text)}#oneof`, this.#at(next));
        scopes.push({ name: next.text, kind: 'oneof' });
        i += 2;
        continue;
      }
      if (t.text === 'extend' && next && tokens[i + 2]?.text === '{') {
        scopes.push({ name: next.text, kind: 'extend' });
        i += 2;
        continue;
      }
      if (t.text === '{') {
        if (pendingMethod && tokens[i - 1]?.text === ')') scopes.push({ name: pendingMethod, kind: 'method' });
        else scopes.push({ name: '', kind: 'block' });
        pendingMethod = undefined;
        continue;
      }
      if (t.text === '}') {
        scopes.pop();
        continue;
      }
      if (t.text === ';') pendingMethod = undefined;
      const scope = current();
      if (!scope) continue;
      if (t.text === 'option' && next && (scope.kind === 'service' || scope.kind === 'method' || scope.kind === 'message' || scope.kind === 'enum')) {
        // option NAME = value;  NAME is `ident`, `(ext.name)` or `(ext.name).sub`
        let j = i + 1;
        let name = '';
        while (j < tokens.length && tokens[j]!.text !== '=' && tokens[j]!.text !== ';') name += tokens[j++]!.text;
        this.#positions.set(`${scope.name}#option:${name}`, this.#at(next));
        if (scope.decl?.kind === 'enum' && name === 'allow_alias' && tokens[j + 1]?.text === 'true') scope.decl.allowAlias = true;
        i = j;
        continue;
      }
      if (t.text === 'reserved' && scope.decl && (scope.kind === 'message' || scope.kind === 'enum')) {
        i = this.#reserved(tokens, i, scope.decl);
        continue;
      }
      if (scope.kind === 'service' && t.text === 'rpc' && next) {
        const key = `${scope.name}.${next.text}`;
        // A method declared twice keeps the first one's positions (the second is an error of its own).
        const first = !this.#positions.has(key);
        if (first) this.#positions.set(key, this.#at(next));
        pendingMethod = key;
        // rpc Name ( [stream] Req ) returns ( [stream] Res )
        let j = i + 2;
        const typeAfterParen = (): ProtoToken | undefined => {
          while (j < tokens.length && tokens[j]!.text !== '(') j++;
          j++;
          if (tokens[j]?.text === 'stream') j++;
          return tokens[j];
        };
        const req = typeAfterParen();
        if (req && first) this.#positions.set(`${key}#request`, this.#at(req));
        const res = typeAfterParen();
        if (res && first) this.#positions.set(`${key}#response`, this.#at(res));
        continue;
      }
      if ((scope.kind === 'enum' || scope.kind === 'message') && next?.text === '=' && /^[A-Za-z_]/.test(t.text)) {
        if (tokens[i - 1]?.text === 'option') continue;
        const key = `${scope.name}.${t.text}`;
        const negative = tokens[i + 2]?.text === '-';
        const numberToken = tokens[i + (negative ? 3 : 2)];
        const number = numberToken ? parseProtoInt(numberToken.text) * (negative ? -1 : 1) : Number.NaN;
        scope.decl?.fields.push({ name: t.text, number, at: this.#at(t), numberAt: this.#at(numberToken ?? t) });
        if (!this.#positions.has(key)) this.#positions.set(key, this.#at(t));
        if (scope.kind === 'enum') continue;
        // field: the type is the token before the name, or a map<...> that closes just before it
        const prev = tokens[i - 1];
        if (prev && prev.text !== '>') this.#positions.set(`${key}#type`, this.#at(prev));
        else {
          let j = i - 1;
          while (j > 0 && tokens[j]!.text !== 'map') j--;
          this.#positions.set(`${key}#type`, this.#at(tokens[j]!));
          if (tokens[i - 2]) this.#positions.set(`${key}#value`, this.#at(tokens[i - 2]!));
        }
      }
    }
  }

  /** Reads `reserved 1, 2 to 5, 9 to max;` or `reserved "a", "b";`; returns the index of `;`. */
  #reserved(tokens: ProtoToken[], i: number, decl: DeclSite): number {
    const ranges: [number, number][] = [];
    const names: string[] = [];
    let j = i + 1;
    for (; j < tokens.length && tokens[j]!.text !== ';'; j++) {
      const text = tokens[j]!.text;
      if (text === ',') continue;
      if (/^["']/.test(text)) {
        names.push(unquote(text));
        continue;
      }
      const negative = text === '-';
      if (negative) j++;
      const lo = parseProtoInt(tokens[j]!.text) * (negative ? -1 : 1);
      let hi = lo;
      if (tokens[j + 1]?.text === 'to') {
        j += 2;
        const hiNegative = tokens[j]?.text === '-';
        if (hiNegative) j++;
        hi = tokens[j]?.text === 'max' ? (decl.kind === 'enum' ? 2 ** 31 - 1 : MAX_FIELD_NUMBER) : parseProtoInt(tokens[j]?.text ?? '') * (hiNegative ? -1 : 1);
      }
      ranges.push([lo, hi]);
    }
    decl.reserved.push({ ranges, names, at: this.#at(tokens[i]!) });
    return j;
  }
}
