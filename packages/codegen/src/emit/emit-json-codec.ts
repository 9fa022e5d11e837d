import type { AliasDecl, MessageDecl, TypeDecl } from '../ir/contract.js';
import type { TypeRef } from '../ir/type-ref.js';
import type { EmitContext } from './emit-context.js';
import { access, allowedValues, internal, quote } from './json-codec-support.js';
import { SCALAR_DECODE, SCALAR_ENCODE } from './json-scalar-names.js';
import { JsonShapeNames } from './json-shape-names.js';
import { Printer } from './printer.js';
import { tsType } from './ts-type.js';

/**
 * Emits the JSON codecs of a TypeScript-interface contract as plain code: for each message and
 * alias an exported `JsonFns` object (`toJson` / `fromJson`), plus one named helper function
 * per list, record, union or enum shape the types use. Validation is straight-line: a check
 * per field, no closures, no reflection, no schema compiled at start-up. A failure carries the
 * path of the bad field, built only while the error propagates (`items[3].price`). Every
 * function takes `depth` (objects and arrays around the value) and `maxDepth`, and each
 * object or array checks the limit before going deeper, so recursion stays bounded.
 *
 * JSON encoding: string, number (finite), boolean as themselves; bigint as a decimal string;
 * Date as an ISO-8601 string; Uint8Array as base64; optional fields absent when undefined.
 */
export class JsonCodecEmitter {
  readonly #helpers = new Map<string, Printer>();
  readonly #shapes: JsonShapeNames;

  constructor(readonly ctx: EmitContext) {
    this.#shapes = new JsonShapeNames((fullName) => ctx.localName(fullName));
  }

  /** Emits the `JsonFns` object of a message or alias (enums need none: their checks are helpers). */
  emitDecl(decl: TypeDecl, out: Printer): void {
    if (decl.kind === 'message') this.#message(decl, out);
    else if (decl.kind === 'alias') this.#alias(decl, out);
  }

  /** Emits the helper functions the declarations used; call once, after every emitDecl. */
  emitHelpers(out: Printer): void {
    for (const helper of this.#helpers.values()) {
      out.line(helper.toString().trimEnd());
      out.line();
    }
  }

  #message(msg: MessageDecl, out: Printer): void {
    const { ctx } = this;
    const name = msg.tsName;
    const record = ctx.rtType('JsonRecord');
    const object = ctx.rt('jsonObject');
    const failure = ctx.rt('jsonFailure');
    out.doc(`JSON codec of {@link ${name}}: validates values on the way out and on the way in.`);
    const limit = `depth = 0, maxDepth = ${ctx.rt('DEFAULT_MAX_DEPTH')}`;
    out.block(`export const ${name}: ${ctx.rtType('JsonFns')}<${name}> = {`, () => {
      out.block(`toJson(value: ${name}, ${limit}): unknown {`, () => {
        out.line(`${object}(value, depth, maxDepth);`);
        if (msg.fields.length === 0) return void out.line('return {};');
        out.line(`const json: ${record} = {};`);
        out.line("let at = '';");
        out.block('try {', () => {
          for (const f of msg.fields) {
            out.line(`at = ${quote(f.tsName)};`);
            const src = `value${access(f.tsName)}`;
            const set = `json${access(f.tsName)} = ${this.encode(f.type, src, 'depth + 1')};`;
            out.line(f.optional ? `if (${src} !== undefined) ${set}` : set);
          }
          out.line('return json;');
        }, null);
        out.block('} catch (err) {', () => out.line(`throw ${failure}(err, at);`));
      }, '},');
      out.block(`fromJson(json: unknown, ${limit}): ${name} {`, () => {
        out.line(`const o = ${object}(json, depth, maxDepth);`);
        if (msg.fields.length === 0) return void out.line(`return {} as ${name};`);
        out.line(`const message: ${record} = {};`);
        out.line("let at = '';");
        out.block('try {', () => {
          for (const f of msg.fields) {
            out.line(`at = ${quote(f.tsName)};`);
            const src = `o${access(f.tsName)}`;
            const set = `message${access(f.tsName)} = ${this.decode(f.type, src, 'depth + 1')};`;
            out.line(f.optional ? `if (${src} !== undefined) ${set}` : set);
          }
          out.line(`return message as unknown as ${name};`);
        }, null);
        out.block('} catch (err) {', () => out.line(`throw ${failure}(err, at);`));
      }, '},');
    }, '};');
  }

  #alias(decl: AliasDecl, out: Printer): void {
    const name = decl.tsName;
    out.doc(`JSON codec of {@link ${name}}: validates values on the way out and on the way in.`);
    // An alias is no level of its own: the depth goes on to what it names.
    const limit = `depth = 0, maxDepth = ${this.ctx.rt('DEFAULT_MAX_DEPTH')}`;
    out.block(`export const ${name}: ${this.ctx.rtType('JsonFns')}<${name}> = {`, () => {
      out.block(`toJson(value: ${name}, ${limit}): unknown {`, () => out.line(`return ${this.encode(decl.type, 'value', 'depth')};`), '},');
      out.block(`fromJson(json: unknown, ${limit}): ${name} {`, () => out.line(`return ${this.decode(decl.type, 'json', 'depth')};`), '},');
    }, '};');
  }

  /**
   * An expression that validates the parsed JSON `src` and returns it as `ref`'s type;
   * `depth` is the expression for how many objects and arrays enclose `src`.
   */
  decode(ref: TypeRef, src: string, depth: string): string {
    const { ctx } = this;
    const limit = `${depth}, maxDepth`;
    switch (ref.kind) {
      case 'scalar':
        return `${ctx.rt(SCALAR_DECODE[ref.scalar] ?? internal(ref.scalar))}(${src})`;
      case 'date':
        return `${ctx.rt('dateFromJson')}(${src})`;
      case 'message':
      case 'alias':
        return `${ctx.ref(ref.name, true)}.fromJson(${src}, ${limit})`;
      case 'nullable':
        return `${src} === null ? null : ${this.decode(ref.inner, src, depth)}`;
      case 'enum':
      case 'literal':
        return `${this.#check(ref)}(${src})`;
      case 'union':
        return ref.discriminator === undefined ? `${this.#check(ref)}(${src})` : `${this.#union(ref, 'decode')}(${src}, ${limit})`;
      case 'list':
        return `${this.#list(ref, 'decode')}(${src}, ${limit})`;
      case 'map':
        return `${this.#map(ref, 'decode')}(${src}, ${limit})`;
      default:
        return internal(ref.kind);
    }
  }

  /** An expression that validates the value `src` of `ref`'s type and returns its JSON form (`depth` as in {@link decode}). */
  encode(ref: TypeRef, src: string, depth: string): string {
    const { ctx } = this;
    const limit = `${depth}, maxDepth`;
    switch (ref.kind) {
      case 'scalar':
        return `${ctx.rt(SCALAR_ENCODE[ref.scalar] ?? internal(ref.scalar))}(${src})`;
      case 'date':
        return `${ctx.rt('dateToJson')}(${src})`;
      case 'message':
      case 'alias':
        return `${ctx.ref(ref.name, true)}.toJson(${src}, ${limit})`;
      case 'nullable':
        return `${this.#nullable(ref)}(${src}, ${limit})`;
      case 'enum':
      case 'literal':
        return `${this.#check(ref)}(${src})`;
      case 'union':
        return ref.discriminator === undefined ? `${this.#check(ref)}(${src})` : `${this.#union(ref, 'encode')}(${src}, ${limit})`;
      case 'list':
        return `${this.#list(ref, 'encode')}(${src}, ${limit})`;
      case 'map':
        return `${this.#map(ref, 'encode')}(${src}, ${limit})`;
      default:
        return internal(ref.kind);
    }
  }

  /** A helper accepting exactly the values of an enum, a literal or a literal union (same in both directions). */
  #check(ref: TypeRef): string {
    const values = allowedValues(ref, this.ctx);
    const type = tsType(ref, this.ctx);
    const name = `check${this.#shapes.of(ref)}`;
    return this.#helper(name, (p) => {
      const expected = values.map((v) => JSON.stringify(v)).join(' | ');
      const label = ref.kind === 'enum' ? `${type} (${expected})` : expected;
      p.block(`function ${name}(json: unknown): ${type} {`, () => {
        p.line(`if (${values.map((v) => `json === ${quote(v)}`).join(' || ')}) return json as ${type};`);
        p.line(`throw ${this.ctx.rt('jsonMismatchValue')}(${quote(label)}, json);`);
      });
    });
  }

  /** Encoding `T | null` (a helper, so the null check narrows even for `list[i]`). */
  #nullable(ref: TypeRef & { kind: 'nullable' }): string {
    const name = `encode${this.#shapes.of(ref)}`;
    return this.#helper(name, (p) => {
      p.block(`function ${name}(value: ${tsType(ref, this.ctx)}, depth: number, maxDepth: number): unknown {`, () => {
        p.line(`return value === null ? null : ${this.encode(ref.inner, 'value', 'depth')};`);
      });
    });
  }

  #list(ref: TypeRef & { kind: 'list' }, dir: 'decode' | 'encode'): string {
    const el = tsType(ref.element, this.ctx);
    const type = tsType(ref, this.ctx);
    const name = `${dir}${this.#shapes.of(ref)}`;
    const at = this.ctx.rt('jsonFailureAt');
    return this.#helper(name, (p) => {
      if (dir === 'decode') {
        p.block(`function ${name}(json: unknown, depth: number, maxDepth: number): ${type} {`, () => {
          p.line(`const list = ${this.ctx.rt('jsonArray')}(json, depth, maxDepth);`);
          p.line(`const out: ${/[ |&]/.test(el) ? `(${el})` : el}[] = [];`);
          p.block('for (let i = 0; i < list.length; i++) {', () => {
            p.line(`try {`).line(`  out.push(${this.decode(ref.element, 'list[i]', 'depth + 1')});`);
            p.line(`} catch (err) {`).line(`  throw ${at}(err, i);`).line('}');
          });
          p.line('return out;');
        });
      } else {
        p.block(`function ${name}(value: ${type}, depth: number, maxDepth: number): unknown[] {`, () => {
          p.line(`${this.ctx.rt('jsonArray')}(value, depth, maxDepth);`);
          p.line('const out: unknown[] = [];');
          p.block('for (let i = 0; i < value.length; i++) {', () => {
            p.line(`try {`).line(`  out.push(${this.encode(ref.element, 'value[i]!', 'depth + 1')});`);
            p.line(`} catch (err) {`).line(`  throw ${at}(err, i);`).line('}');
          });
          p.line('return out;');
        });
      }
    });
  }

  #map(ref: TypeRef & { kind: 'map' }, dir: 'decode' | 'encode'): string {
    const type = tsType(ref, this.ctx);
    const name = `${dir}${this.#shapes.of(ref)}`;
    const failure = this.ctx.rt('jsonFailureKey');
    const limit = 'depth: number, maxDepth: number';
    return this.#helper(name, (p) => {
      const decoding = dir === 'decode';
      const signature = decoding ? `(json: unknown, ${limit}): ${type}` : `(value: ${type}, ${limit}): unknown`;
      p.block(`function ${name}${signature} {`, () => {
        p.line(`const o = ${this.ctx.rt('jsonObject')}(${decoding ? 'json' : 'value'}, depth, maxDepth);`);
        p.line(`const out: ${decoding ? type : this.ctx.rtType('JsonRecord')} = {};`);
        p.block('for (const key of Object.keys(o)) {', () => {
          const src = decoding ? 'o[key]' : 'value[key]!';
          p.line(`let entry: ${decoding ? tsType(ref.value, this.ctx) : 'unknown'};`);
          p.line('try {').line(`  entry = ${decoding ? this.decode(ref.value, src, 'depth + 1') : this.encode(ref.value, src, 'depth + 1')};`);
          p.line('} catch (err) {').line(`  throw ${failure}(err, key);`).line('}');
          p.line("// A `__proto__` key is kept as an own entry: assigning it would replace out's prototype.");
          p.line("if (key !== '__proto__') out[key] = entry;");
          p.line('else Object.defineProperty(out, key, { value: entry, enumerable: true, writable: true, configurable: true });');
        });
        p.line('return out;');
      });
    });
  }

  /** A discriminated union: switch on the discriminator, then the variant's own codec. */
  #union(ref: TypeRef & { kind: 'union' }, dir: 'decode' | 'encode'): string {
    const type = tsType(ref, this.ctx);
    const key = ref.discriminator!;
    const name = `${dir}${this.#shapes.of(ref)}`;
    const limit = 'depth: number, maxDepth: number';
    return this.#helper(name, (p) => {
      const decoding = dir === 'decode';
      const tags: string[] = [];
      const signature = decoding ? `(json: unknown, ${limit}): ${type}` : `(value: ${type}, ${limit}): unknown`;
      p.block(`function ${name}${signature} {`, () => {
        p.line(`const o = ${this.ctx.rt('jsonObject')}(${decoding ? 'json' : 'value'}, depth, maxDepth);`);
        p.block(`switch (o${access(key)}) {`, () => {
          for (const v of ref.variants) {
            if (v.kind !== 'message') internal(v.kind);
            const msg = this.ctx.index.get(v.name).decl as MessageDecl;
            const field = msg.fields.find((f) => f.tsName === key)!;
            const value = (field.type as { value: unknown }).value;
            const tag = quote(value);
            tags.push(JSON.stringify(value));
            const codec = this.ctx.ref(v.name, true);
            p.line(`case ${tag}:`);
            // The variant is the same object, at the same depth.
            p.line(decoding ? `  return ${codec}.fromJson(o, depth, maxDepth);` : `  return ${codec}.toJson(value as ${tsType(v, this.ctx)}, depth, maxDepth);`);
          }
        }, '}');
        const mismatch = `${this.ctx.rt('jsonMismatchValue')}(${quote(tags.join(' | '))}, o${access(key)})`;
        p.line(`throw ${this.ctx.rt('jsonFailure')}(${mismatch}, ${quote(key)});`);
      });
    });
  }

  #helper(name: string, write: (p: Printer) => void): string {
    if (!this.#helpers.has(name)) {
      const p = new Printer();
      this.#helpers.set(name, p);
      write(p);
    }
    return name;
  }
}
