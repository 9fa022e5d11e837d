import type { TypeRef } from '../ir/type-ref.js';
import type { EmitContext } from './emit-context.js';

/** Lookup tables and small printers shared by the JSON codec emitter. */

/** The values an enum, literal or literal union admits. */
export function allowedValues(ref: TypeRef, ctx: EmitContext): (string | number | boolean)[] {
  if (ref.kind === 'literal') return [ref.value];
  if (ref.kind === 'union') return ref.variants.flatMap((v) => allowedValues(v, ctx));
  if (ref.kind === 'enum') {
    const decl = ctx.index.get(ref.name).decl;
    if (decl.kind === 'enum') return decl.values.map((v) => v.value);
  }
  return internal(ref.kind);
}

/** A JavaScript literal for a JSON value, strings single-quoted like the rest of the output. */
export function quote(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** `.name`, or `["first-name"]` when the name is not an identifier. */
export function access(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${quote(name)}]`;
}

export function internal(what: string): never {
  throw new Error(`internal: the JSON codec emitter has no case for ${what}`);
}
