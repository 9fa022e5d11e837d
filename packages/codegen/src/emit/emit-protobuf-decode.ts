import type { FieldDecl } from '../ir/contract.js';
import type { TypeRef } from '../ir/type-ref.js';
import type { EmitContext } from './emit-context.js';
import type { Printer } from './printer.js';
import { fieldKey, isPackable, scalarDefault, scalarWireType, wellKnownCodec } from './protobuf-wire.js';
import { mapKeyTsType, scalarTsType, tsType } from './ts-type.js';

/**
 * Emits the `case` clauses that decode one field inside a generated `decode` switch. Each
 * sets `at` first, so a DecodeError names the field it happened in.
 */
export function emitDecodeCases(field: FieldDecl, ctx: EmitContext, out: Printer): void {
  const t = field.type;
  const n = field.number!;
  const target = `message.${field.tsName}`;
  const at = (suffix = '') => `at = '${field.tsName}${suffix}';`;
  if (t.kind === 'list') {
    const el = t.element;
    if ((el.kind === 'scalar' && isPackable(el.scalar)) || el.kind === 'enum') {
      // Parsers must accept both packed and unpacked encodings of repeated numbers.
      const method = el.kind === 'enum' ? 'int32' : el.scalar;
      const wire = el.kind === 'enum' ? 0 : scalarWireType(el.scalar);
      out.line(`case ${fieldKey(n, 2)}: {`);
      out.line(`  ${at('[]')}`);
      out.line(`  const stop = reader.delimited();`);
      out.line(`  while (reader.pos < stop) ${target}.push(reader.${method}());`);
      out.line(`  if (reader.pos !== stop) throw new Error('a packed value overruns its field');`);
      out.line(`  break;`);
      out.line(`}`);
      out.line(`case ${fieldKey(n, wire)}:`);
      out.line(`  ${at('[]')}`);
      out.line(`  ${target}.push(reader.${method}());`);
      out.line(`  break;`);
      return;
    }
    out.line(`case ${fieldKey(n, valueWire(el))}:`);
    out.line(`  ${at('[]')}`);
    out.line(`  ${target}.push(${readValue(el, ctx)});`);
    out.line(`  break;`);
    return;
  }
  if (t.kind === 'map') {
    emitMapCase(field, t, ctx, out);
    return;
  }
  if (field.oneof && t.kind === 'message') {
    const oneof = `message.${field.oneof}`;
    out.line(`case ${fieldKey(n, 2)}: {`);
    out.line(`  ${at()}`);
    out.line(`  const into = ${oneof}?.$case === '${field.tsName}' ? ${oneof}.value : undefined;`);
    out.line(`  ${oneof} = { $case: '${field.tsName}', value: ${readValue(t, ctx, undefined, 'into')} };`);
    out.line(`  break;`);
    out.line(`}`);
    return;
  }
  out.line(`case ${fieldKey(n, valueWire(t))}:`);
  out.line(`  ${at()}`);
  if (field.oneof) out.line(`  message.${field.oneof} = { $case: '${field.tsName}', value: ${readValue(t, ctx)} };`);
  else out.line(`  ${target} = ${readValue(t, ctx, undefined, t.kind === 'message' ? target : undefined)};`);
  out.line(`  break;`);
}

/**
 * A map entry is a small message `{ key = 1; value = 2 }`; either may be missing, and then
 * holds its default (an empty message for message values, as other implementations do).
 */
function emitMapCase(field: FieldDecl, t: Extract<TypeRef, { kind: 'map' }>, ctx: EmitContext, out: Printer): void {
  const keyType = scalarTsType(t.key);
  const valueType = tsType(t.value, ctx);
  const v = t.value;
  const scalarValue = v.kind === 'scalar' || v.kind === 'enum';
  const valueDefault = v.kind === 'scalar' ? scalarDefault(v.scalar) : v.kind === 'enum' ? '0' : 'undefined';
  const keyExpr = mapKeyTsType(t.key) === 'number' ? 'key' : 'String(key)';
  const target = `message.${field.tsName}`;
  out.line(`case ${fieldKey(field.number!, 2)}: {`);
  out.line(`  at = '${field.tsName}';`);
  out.line(`  const stop = reader.delimited();`);
  out.line(`  let key: ${keyType} = ${scalarDefault(t.key)};`);
  out.line(`  let value: ${valueType}${scalarValue ? '' : ' | undefined'} = ${valueDefault};`);
  out.line(`  while (reader.pos < stop) {`);
  out.line(`    const entryKey = reader.uint32();`);
  out.line(`    if (entryKey === ${fieldKey(1, scalarWireType(t.key))}) key = reader.${t.key}();`);
  out.line(`    else if (entryKey === ${fieldKey(2, valueWire(v))}) value = ${readValue(v, ctx)};`);
  out.line(`    else reader.skip(entryKey & 7, entryKey >>> 3);`);
  out.line(`  }`);
  out.line(`  if (reader.pos !== stop) throw new Error('a map entry overruns its field');`);
  if (!scalarValue) out.line(`  value ??= ${readValue(v, ctx, 'reader.pos')};`);
  if (t.key === 'string') {
    // A key from the wire must not reach Object.prototype through `__proto__`.
    out.line(`  if (key !== '__proto__') ${target}[key] = value;`);
    out.line(`  else Object.defineProperty(${target}, key, { value, enumerable: true, writable: true, configurable: true });`);
  } else out.line(`  ${target}[${keyExpr}] = value;`);
  out.line(`  break;`);
  out.line(`}`);
}

function valueWire(t: TypeRef): number {
  return t.kind === 'scalar' ? scalarWireType(t.scalar) : t.kind === 'enum' ? 0 : 2;
}

/**
 * An expression reading one value; `end` given reads a message from an empty range (its
 * default); `into` names a message value to merge into.
 */
function readValue(t: TypeRef, ctx: EmitContext, end = 'reader.delimited()', into?: string): string {
  switch (t.kind) {
    case 'scalar':
      return `reader.${t.scalar}()`;
    case 'enum':
      return `reader.int32()`;
    case 'message':
      return `${ctx.ref(t.name, true)}.decode(reader, ${end}${into ? `, ${into}` : ''})`;
    case 'wellKnown':
      return `${ctx.rt(wellKnownCodec(t.name))}.decode(reader, ${end})`;
    default:
      throw new Error(`internal: ${t.kind} cannot be a protobuf field value`);
  }
}
