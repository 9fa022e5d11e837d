import { ProtoTokenCursor, type ProtoSyntaxError } from './proto-token-cursor.js';
import { parseProtoInt, type ProtoToken } from './tokenize-proto.js';

export type { ProtoSyntaxError } from './proto-token-cursor.js';

const NAME = /^[A-Za-z_]\w*$/;
const TYPE_NAME = /^\.?[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const OPTION_SUFFIX = /^(\.[A-Za-z_]\w*)+$/;
const MAP_KEYS = new Set([
  'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string',
]);

/**
 * Checks .proto tokens against the proto3 grammar and returns every syntax error, not just the
 * first: after an error the rest of the statement is skipped (to its `;`, over a `{ }` block,
 * or up to the `}` closing the enclosing block) and checking goes on, as protoc's parser
 * recovers. A map key type that is not an integer, bool or string is reported here too.
 * `end` is the position just past the last character, where "unexpected end of file" stands.
 */
export function checkProtoSyntax(tokens: readonly ProtoToken[], end: { line: number; column: number }): ProtoSyntaxError[] {
  return new SyntaxChecker(tokens, end).run();
}

class SyntaxChecker extends ProtoTokenCursor {
  run(): ProtoSyntaxError[] {
    while (this.peek()) this.statement(() => this.#topLevel());
    return this.errors;
  }

  #name(): ProtoToken {
    return this.match(NAME, 'a name (letters, digits and _, not starting with a digit)');
  }

  #typeName(): ProtoToken {
    return this.match(TYPE_NAME, 'a type name (a message, enum or scalar type such as string)');
  }

  /** Edition 2024's `export` / `local` before a message or enum (editions are rejected later, with a clear message). */
  #visibility(): void {
    const t = this.peek()?.text;
    if ((t === 'export' || t === 'local') && (this.is('message', 1) || this.is('enum', 1))) this.next();
  }

  #topLevel(): void {
    this.#visibility();
    const t = this.peek()!.text;
    if (t === ';') this.next();
    else if (t === 'syntax' || t === 'edition') {
      this.next();
      this.expect('=');
      this.string(`a quoted ${t}, e.g. "proto3"`);
      this.expect(';');
    } else if (t === 'package') {
      this.next();
      this.match(TYPE_NAME, 'a package name (e.g. shop.v1)');
      this.expect(';');
    } else if (t === 'import') {
      this.next();
      if (this.is('weak') || this.is('public')) this.next();
      this.string('the imported file in quotes, e.g. "common/v1/money.proto"');
      this.expect(';');
    } else if (t === 'option') this.#option();
    else if (t === 'message' || t === 'enum' || t === 'service' || t === 'extend') this.#declaration();
    else throw this.unexpected('a statement (syntax, package, import, option, message, enum, service)');
  }

  /** message / enum / service / extend NAME { ... } */
  #declaration(): void {
    const keyword = this.next().text;
    const name = keyword === 'extend' ? this.#typeName() : this.#name();
    this.expect('{');
    const what = `${keyword} ${name.text} (line ${name.line})`;
    if (keyword === 'message' || keyword === 'extend') this.block(what, () => this.#messageItem());
    else if (keyword === 'enum') this.block(what, () => this.#enumItem());
    else this.block(what, () => this.#serviceItem());
  }

  #messageItem(): void {
    this.#visibility();
    const t = this.peek()!.text;
    const declares = !this.is('=', 2);
    if (t === ';') this.next();
    else if ((t === 'message' || t === 'enum' || t === 'extend') && declares) this.#declaration();
    else if (t === 'oneof' && declares) {
      this.next();
      const name = this.#name();
      this.expect('{');
      this.block(`oneof ${name.text} (line ${name.line})`, () => this.#oneofItem());
    } else if (t === 'option') this.#option();
    else if ((t === 'reserved' || t === 'extensions') && !this.is('=', 1) && !this.is('=', 2)) this.#reserved();
    else if (t === 'map' && this.is('<', 1)) this.#mapField();
    else {
      if (t === 'repeated' || t === 'optional' || t === 'required') this.next();
      else if (!TYPE_NAME.test(t)) {
        throw this.unexpected("a field (`type name = number;`), message, enum, oneof, option, reserved or '}'");
      }
      this.#field();
    }
  }

  #oneofItem(): void {
    const t = this.peek()!.text;
    if (t === ';') this.next();
    else if (t === 'option') this.#option();
    else if (t === 'repeated' || t === 'optional' || t === 'required') {
      throw this.unexpected("a field without a label: oneof members cannot be repeated or optional");
    } else if (t === 'map' && this.is('<', 1)) throw this.unexpected('a field: a oneof cannot hold a map');
    else if (!TYPE_NAME.test(t)) throw this.unexpected("a field (`type name = number;`), option or '}'");
    else this.#field();
  }

  /** TYPE NAME = NUMBER [options]; (the label already read) */
  #field(): void {
    this.#typeName();
    this.#fieldRest();
  }

  #fieldRest(): void {
    this.#name();
    this.expect('=');
    const number = this.peek();
    if (!number || Number.isNaN(parseProtoInt(number.text))) throw this.expected('a field number (a whole number from 1)');
    this.next();
    this.#fieldOptions();
    this.expect(';');
  }

  /** map<KEY, VALUE> NAME = NUMBER [options]; a disallowed key is reported, and checking goes on. */
  #mapField(): void {
    this.next();
    this.expect('<');
    const key = this.#typeName();
    if (!MAP_KEYS.has(key.text)) {
      this.errors.push({
        line: key.line,
        column: key.column,
        problem: `map key type '${key.text}' is not allowed: expected an integer type, bool or string (for example map<string, ...>)`,
        readable: key.text === 'double' || key.text === 'float' || key.text === 'bytes',
      });
    }
    this.expect(',');
    this.#typeName();
    this.expect('>');
    this.#fieldRest();
  }

  #enumItem(): void {
    const t = this.peek()!.text;
    if (t === ';') this.next();
    else if (t === 'option') this.#option();
    else if (t === 'reserved' && !this.is('=', 1)) this.#reserved();
    else {
      if (!NAME.test(t)) throw this.unexpected("an enum value (`NAME = number;`), option, reserved or '}'");
      this.next();
      this.expect('=');
      if (this.is('-')) this.next();
      const number = this.peek();
      if (!number || Number.isNaN(parseProtoInt(number.text))) throw this.expected('an enum value number (a whole number)');
      this.next();
      this.#fieldOptions();
      this.expect(';');
    }
  }

  #serviceItem(): void {
    const t = this.peek()!.text;
    if (t === ';') this.next();
    else if (t === 'option') this.#option();
    else if (t === 'rpc') {
      this.next();
      this.#name();
      this.#methodType();
      this.expect('returns');
      this.#methodType();
      if (this.is('{')) {
        this.next();
        this.block('the method options', () => (this.is(';') ? void this.next() : this.is('option') ? this.#option() : this.#rejectInMethod()));
      } else this.expect(';');
    } else throw this.unexpected("a method (`rpc Name(Request) returns (Reply);`), option or '}'");
  }

  #rejectInMethod(): never {
    throw this.unexpected("an option or '}'");
  }

  /** ( [stream] TYPE ) */
  #methodType(): void {
    this.expect('(');
    if (this.is('stream') && !this.is(')', 1)) this.next();
    this.#typeName();
    this.expect(')');
  }

  /** reserved 1, 2 to 5, 9 to max;  reserved "a", "b";  extensions 100 to 199 [options]; */
  #reserved(): void {
    this.next();
    do {
      const t = this.peek();
      if (t && /^["']/.test(t.text)) this.next();
      else {
        if (this.is('-')) this.next();
        this.#integer();
        if (this.is('to')) {
          this.next();
          if (this.is('max')) this.next();
          else {
            if (this.is('-')) this.next();
            this.#integer();
          }
        }
      }
    } while (this.is(',') && this.next());
    this.#fieldOptions();
    this.expect(';');
  }

  #integer(): void {
    const t = this.peek();
    if (!t || Number.isNaN(parseProtoInt(t.text))) throw this.expected('a number, a range `2 to 5`, or a quoted name');
    this.next();
  }

  /** option NAME = VALUE; */
  #option(): void {
    this.next();
    this.#optionAssignment();
    this.expect(';');
  }

  /** NAME = VALUE, NAME being `ident`, `(full.ident)` or either followed by `.sub.fields`. */
  #optionAssignment(): void {
    if (this.is('(')) {
      this.next();
      this.match(TYPE_NAME, 'an option name, e.g. (warren.queue)');
      this.expect(')');
      while (this.peek() && OPTION_SUFFIX.test(this.peek()!.text)) this.next();
    } else this.match(TYPE_NAME, 'an option name');
    this.expect('=');
    this.#constant();
  }

  /** A literal: identifier, number (signed, float, `inf`), strings (adjacent ones join), or a `{ ... }` message value. */
  #constant(): void {
    const t = this.peek();
    if (t?.text === '{') {
      this.next();
      this.skipBlock();
      return;
    }
    if (t && /^["']/.test(t.text)) {
      while (this.peek() && /^["']/.test(this.peek()!.text)) this.next();
      return;
    }
    if (t?.text === '-' || t?.text === '+') this.next();
    const word = this.match(/^[\w.]+$/, 'a value (a number, true, false, an enum value or a quoted string)');
    // `1e-5` splits into `1e`, `-`, `5`.
    if (/^[0-9.][\w.]*[eE]$/.test(word.text) && (this.is('-') || this.is('+'))) {
      this.next();
      this.next();
    }
  }

  /** [NAME = VALUE, ...] */
  #fieldOptions(): void {
    if (!this.is('[')) return;
    this.next();
    do this.#optionAssignment();
    while (this.is(',') && this.next());
    this.expect(']');
  }
}
