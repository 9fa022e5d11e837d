import type { FieldDecl, MessageDecl } from '../ir/contract.js';
import type { TypeRef } from '../ir/type-ref.js';
import type { EmitContext } from './emit-context.js';
import type { Printer } from './printer.js';
import { fieldKey, isPackable, scalarDefault, scalarIsSet, scalarWireType } from './protobuf-wire.js';

/**
 * Emits `export const Msg: ProtoMessageFns<Msg> = { encode, decode }` for a message: straight-line
 * code per field, no reflection. Decoding names the failing field in its DecodeError.
 */
export function emitProtobufCodec(msg: MessageDecl, ctx: EmitContext, out: Printer): void {
  const fns = ctx.rtType('ProtoMessageFns');
  const writer = ctx.rtType('ProtoWriter');
  const reader = ctx.rtType('ProtoReader');
  const failure = ctx.rt('decodeFailure');
  const plain = msg.fields.filter((f) => !f.oneof);
  out.block(`export const ${msg.tsName}: ${fns}<${msg.tsName}> = {`, () => {
    out.block(`encode(message: ${msg.tsName}, writer: ${writer}): void {`, () => {
      for (const field of plain) emitEncodeField(field, `message.${field.tsName}`, ctx, out);
      for (const oneof of msg.oneofs) {
        out.block(`switch (message.${oneof.tsName}?.$case) {`, () => {
          for (const name of oneof.fields) {
            const field = msg.fields.find((f) => f.tsName === name)!;
            out.block(`case '${name}':`, () => {
              emitEncodeValue(field, field.type, `message.${oneof.tsName}.${name}`, ctx, out);
              out.line('break;');
            }, null);
          }
        });
      }
    }, '},');
    out.block(`decode(reader: ${reader}, end: number): ${msg.tsName} {`, () => {
      out.line(`const message: ${msg.tsName} = ${initialValue(msg)};`);
      out.line(`let at = '';`);
      out.block('try {', () => {
        out.block('while (reader.pos < end) {', () => {
          out.line('const key = reader.uint32();');
          out.block('switch (key) {', () => {
            for (const field of msg.fields) emitDecodeCases(field, ctx, out);
            out.line('default:');
            out.line('  reader.skip(key & 7, key >>> 3);');
          });
        });
        out.line(`if (reader.pos !== end) throw new Error('a field overruns the message');`);
      }, '} catch (err) {');
      out.block('', () => out.line(`throw ${failure}(err, at, message);`), '}');
      out.line('return message;');
    }, '},');
  }, '};');
}

function initialValue(msg: MessageDecl): string {
  const parts: string[] = [];
  for (const field of msg.fields) {
    if (field.oneof || field.optional) continue;
    const t = field.type;
    if (t.kind === 'list') parts.push(`${field.tsName}: []`);
    else if (t.kind === 'map') parts.push(`${field.tsName}: {}`);
    else if (t.kind === 'scalar') parts.push(`${field.tsName}: ${scalarDefault(t.scalar)}`);
    else if (t.kind === 'enum') parts.push(`${field.tsName}: 0`);
  }
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

function emitEncodeField(field: FieldDecl, expr: string, ctx: EmitContext, out: Printer): void {
  const t = field.type;
  if (t.kind === 'list') {
    const el = t.element;
    if (el.kind === 'scalar' && isPackable(el.scalar) || el.kind === 'enum') {
      const method = el.kind === 'enum' ? 'int32' : el.scalar;
      out.block(`if (${expr}.length !== 0) {`, () => {
        out.line(`writer.uint32(${fieldKey(field.number!, 2)}).fork();`);
        out.line(`for (const value of ${expr}) writer.${method}(value);`);
        out.line('writer.join();');
      });
      return;
    }
    out.block(`for (const value of ${expr}) {`, () => emitEncodeValue(field, el, 'value', ctx, out));
    return;
  }
  if (t.kind === 'map') {
    out.block(`for (const [key, value] of Object.entries(${expr})) {`, () => {
      out.line(`writer.uint32(${fieldKey(field.number!, 2)}).fork();`);
      emitEncodeValue({ ...field, number: 1 }, { kind: 'scalar', scalar: t.key }, mapKeyFromString(t.key, 'key'), ctx, out);
      emitEncodeValue({ ...field, number: 2 }, t.value, 'value', ctx, out);
      out.line('writer.join();');
    });
    return;
  }
  const condition = field.optional
    ? `${expr} !== undefined`
    : t.kind === 'scalar'
      ? scalarIsSet(t.scalar, expr)
      : t.kind === 'enum'
        ? `${expr} !== 0`
        : `${expr} !== undefined`;
  out.block(`if (${condition}) {`, () => emitEncodeValue(field, t, expr, ctx, out));
}

/** Writes one value of `type` under the field's number. */
function emitEncodeValue(field: FieldDecl, type: TypeRef, expr: string, ctx: EmitContext, out: Printer): void {
  const n = field.number!;
  switch (type.kind) {
    case 'scalar':
      out.line(`writer.uint32(${fieldKey(n, scalarWireType(type.scalar))}).${type.scalar}(${expr});`);
      return;
    case 'enum':
      out.line(`writer.uint32(${fieldKey(n, 0)}).int32(${expr});`);
      return;
    case 'message':
      out.line(`writer.uint32(${fieldKey(n, 2)}).fork();`);
      out.line(`${ctx.ref(type.name, true)}.encode(${expr}, writer);`);
      out.line('writer.join();');
      return;
    case 'wellKnown': {
      const codec = ctx.rt(wellKnownCodec(type.name));
      out.line(`writer.uint32(${fieldKey(n, 2)}).fork();`);
      out.line(`${codec}.encode(${expr}, writer);`);
      out.line('writer.join();');
      return;
    }
    default:
      throw new Error(`internal: ${type.kind} cannot be a protobuf field value (${field.location.file})`);
  }
}

function emitDecodeCases(field: FieldDecl, ctx: EmitContext, out: Printer): void {
  const t = field.type;
  const target = `message.${field.tsName}`;
  const at = (suffix = '') => `at = '${field.tsName}${suffix}';`;
  if (t.kind === 'list') {
    const el = t.element;
    if ((el.kind === 'scalar' && isPackable(el.scalar)) || el.kind === 'enum') {
      const method = el.kind === 'enum' ? 'int32' : el.scalar;
      const wire = el.kind === 'enum' ? 0 : scalarWireType(el.scalar);
      out.line(`case ${fieldKey(field.number!, 2)}: {`);
      out.line(`  ${at('[]')}`);
      out.line(`  const stop = reader.delimited();`);
      out.line(`  while (reader.pos < stop) ${target}.push(reader.${method}());`);
      out.line(`  break;`);
      out.line(`}`);
      out.line(`case ${fieldKey(field.number!, wire)}:`);
      out.line(`  ${at('[]')}`);
      out.line(`  ${target}.push(reader.${method}());`);
      out.line(`  break;`);
      return;
    }
    out.line(`case ${fieldKey(field.number!, el.kind === 'scalar' ? scalarWireType(el.scalar) : 2)}:`);
    out.line(`  ${at('[]')}`);
    out.line(`  ${target}.push(${readValue(el, ctx)});`);
    out.line(`  break;`);
    return;
  }
  if (t.kind === 'map') {
    const defaultValue =
      t.value.kind === 'scalar' ? scalarDefault(t.value.scalar) : t.value.kind === 'enum' ? '0' : 'undefined';
    out.line(`case ${fieldKey(field.number!, 2)}: {`);
    out.line(`  ${at()}`);
    out.line(`  const stop = reader.delimited();`);
    out.line(`  let key: ${t.key === 'string' ? 'string' : 'unknown'} = ${t.key === 'string' ? "''" : scalarDefault(t.key)};`);
    out.line(`  let value: unknown = ${defaultValue};`);
    out.line(`  while (reader.pos < stop) {`);
    out.line(`    const entryKey = reader.uint32();`);
    out.line(`    if (entryKey === ${fieldKey(1, scalarWireType(t.key))}) key = reader.${t.key}();`);
    out.line(`    else if (entryKey === ${fieldKey(2, valueWire(t.value))}) value = ${readValue(t.value, ctx)};`);
    out.line(`    else reader.skip(entryKey & 7, entryKey >>> 3);`);
    out.line(`  }`);
    out.line(`  ${target}[String(key)${t.key.endsWith('32') ? ' as unknown as number' : ''}] = value as never;`);
    out.line(`  break;`);
    out.line(`}`);
    return;
  }
  out.line(`case ${fieldKey(field.number!, valueWire(t))}:`);
  out.line(`  ${at()}`);
  if (field.oneof) {
    out.line(`  message.${field.oneof} = { $case: '${field.tsName}', ${field.tsName}: ${readValue(t, ctx)} };`);
  } else {
    out.line(`  ${target} = ${readValue(t, ctx)};`);
  }
  out.line(`  break;`);
}

function valueWire(t: TypeRef): number {
  return t.kind === 'scalar' ? scalarWireType(t.scalar) : t.kind === 'enum' ? 0 : 2;
}

function readValue(t: TypeRef, ctx: EmitContext): string {
  switch (t.kind) {
    case 'scalar':
      return `reader.${t.scalar}()`;
    case 'enum':
      return `reader.int32()`;
    case 'message':
      return `${ctx.ref(t.name, true)}.decode(reader, reader.delimited())`;
    case 'wellKnown':
      return `${ctx.rt(wellKnownCodec(t.name))}.decode(reader, reader.delimited())`;
    default:
      throw new Error(`internal: ${t.kind} cannot be a protobuf field value`);
  }
}

/** Map keys are strings in TS objects; integer keys go back to numbers or bigints on the wire. */
function mapKeyFromString(key: string, expr: string): string {
  if (key === 'string') return expr;
  if (key === 'bool') return `${expr} === 'true'`;
  if (key.endsWith('64')) return `BigInt(${expr})`;
  return `Number(${expr})`;
}

/** The runtime object that encodes and decodes a well-known type (`TimestampFns`). */
function wellKnownCodec(name: string): string {
  return `${name.slice('google.protobuf.'.length)}Fns`;
}
