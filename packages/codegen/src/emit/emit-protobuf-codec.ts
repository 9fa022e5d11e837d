import type { FieldDecl, MessageDecl } from '../ir/contract.js';
import type { TypeRef } from '../ir/type-ref.js';
import type { EmitContext } from './emit-context.js';
import { emitMessageDesc } from './emit-message-desc.js';
import { emitDecodeCases } from './emit-protobuf-decode.js';
import type { Printer } from './printer.js';
import { fieldKey, isPackable, mapKeyFromString, scalarDefault, scalarIsSet, scalarWireType, wellKnownCodec } from './protobuf-wire.js';

/**
 * Emits the companion object of a message, `export const Msg: ProtoMessage<Msg> =
 * protoMessage<Msg>({ typeName, fields, encode, decode })`: its descriptor (see
 * emit-message-desc.ts), from which the runtime builds `create`, `toBinary` / `fromBinary` and
 * the ProtoJSON calls, and its binary codec as straight-line code per field, no reflection
 * (the RPC hot path). Fields are written in field-number order, as protoc's generated code
 * does, so the bytes equal other implementations'. Decoding names the failing field in its
 * DecodeError (`items[3].price`).
 */
export function emitProtobufCodec(msg: MessageDecl, ctx: EmitContext, out: Printer): void {
  const message = ctx.rtType('ProtoMessage');
  const build = ctx.rt('protoMessage');
  const writer = ctx.rtType('ProtoWriter');
  const reader = ctx.rtType('ProtoReader');
  const failure = ctx.rt('decodeFailure');
  const byNumber = [...msg.fields].sort((a, b) => a.number! - b.number!);
  out.doc(
    `Companion of {@link ${msg.tsName}}:`,
    '`create(partial)` fills proto3 defaults, `toBinary` / `fromBinary` are one call each,',
    "`toJson` / `fromJson` follow protobuf's canonical JSON mapping (ProtoJSON).",
  );

  out.block(`export const ${msg.tsName}: ${message}<${msg.tsName}> = ${build}<${msg.tsName}>({`, () => {
    emitMessageDesc(msg, ctx, out);
    out.block(`encode(message: ${msg.tsName}, writer: ${writer}): void {`, () => {
      // enter() counts nesting: a value deeper than the writer's maxDepth throws before recursing.
      out.line('writer.enter();');
      const fields = () => {
        for (const field of byNumber) {
          // Only nested messages can fail deep down: they alone get a path (`items[3].price`).
          if (isNested(field)) out.line(`at = '${field.tsName}${loopsOverValues(field) ? '[]' : ''}';`);
          if (field.oneof) {
            const member = `message.${field.oneof}`;
            out.block(`if (${member}?.$case === '${field.tsName}') {`, () =>
              emitEncodeValue(field.number!, field.type, `${member}.value`, ctx, out),
            );
          } else emitEncodeField(field, `message.${field.tsName}`, ctx, out);
        }
        // Fields a decoder did not know go back out as they came (unknown-fields.ts in the runtime).
        out.line(`${ctx.rt('writeUnknown')}(message, writer);`);
      };
      if (!byNumber.some(isNested)) fields();
      else {
        const indexed = byNumber.some((f) => isNested(f) && loopsOverValues(f));
        out.line(`let at = '';`);
        if (indexed) out.line('let i = 0;');
        out.block('try {', fields, '} catch (err) {');
        out.block('', () => out.line(`throw ${failure}(err, at, message${indexed ? ', i' : ''});`), '}');
      }
      out.line('writer.depth--;');
    }, '},');
    // `into`: a message field that occurs twice on the wire merges into the first value.
    out.block(`decode(reader: ${reader}, end: number, into?: ${msg.tsName}): ${msg.tsName} {`, () => {
      // enter() counts nesting: input deeper than the reader's maxDepth throws before recursing.
      out.line('reader.enter();');
      const initial = initialValue(msg);
      const oneLine = `const message: ${msg.tsName} = into ?? { ${initial.join(', ')} };`;
      if (initial.length === 0) out.line(`const message: ${msg.tsName} = into ?? {};`);
      else if (oneLine.length <= 100) out.line(oneLine);
      else out.block(`const message: ${msg.tsName} = into ?? {`, () => initial.forEach((p) => out.line(`${p},`)), '};');
      out.line(`let at = '';`);
      out.block('try {', () => {
        out.block('while (reader.pos < end) {', () => {
          out.line('const key = reader.uint32();');
          out.block('switch (key) {', () => {
            for (const field of msg.fields) emitDecodeCases(field, ctx, out);
            out.line('default:');
            out.line(`  ${ctx.rt('skipUnknown')}(reader, key, message);`);
          });
        });
        out.line(`if (reader.pos !== end) throw new Error('a field overruns the message');`);
      }, '} catch (err) {');
      out.block('', () => out.line(`throw ${failure}(err, at, message);`), '}');
      out.line('reader.depth--;');
      out.line('return message;');
    }, '},');
  }, '});');
}

/** True for a field holding messages (a message, a well-known type, a list or map of them). */
function isNested(field: FieldDecl): boolean {
  const t = field.type;
  const value = t.kind === 'list' ? t.element : t.kind === 'map' ? t.value : t;
  return value.kind === 'message' || value.kind === 'wellKnown';
}

/** True for a repeated field encoded element by element (messages, strings, bytes, unpacked numbers). */
function loopsOverValues(field: FieldDecl): boolean {
  const t = field.type;
  if (t.kind !== 'list') return false;
  const el = t.element;
  return !(((el.kind === 'scalar' && isPackable(el.scalar)) || el.kind === 'enum') && field.packed !== false);
}

/** The proto3 defaults of the fields that are always present (`name: ''`, `tags: []`). */
function initialValue(msg: MessageDecl): string[] {
  const parts: string[] = [];
  for (const field of msg.fields) {
    if (field.oneof || field.optional) continue;
    const t = field.type;
    if (t.kind === 'list') parts.push(`${field.tsName}: []`);
    else if (t.kind === 'map') parts.push(`${field.tsName}: {}`);
    else if (t.kind === 'scalar') parts.push(`${field.tsName}: ${scalarDefault(t.scalar)}`);
    else if (t.kind === 'enum') parts.push(`${field.tsName}: 0`);
  }
  return parts;
}

function emitEncodeField(field: FieldDecl, expr: string, ctx: EmitContext, out: Printer): void {
  const t = field.type;
  const n = field.number!;
  if (t.kind === 'list') {
    const el = t.element;
    if (((el.kind === 'scalar' && isPackable(el.scalar)) || el.kind === 'enum') && field.packed !== false) {
      // proto3 packs repeated numbers: one length-delimited run instead of a key per element
      const method = el.kind === 'enum' ? 'int32' : el.scalar;
      out.block(`if (${expr}.length !== 0) {`, () => {
        out.line(`writer.uint32(${fieldKey(n, 2)}).fork();`);
        out.line(`for (const value of ${expr}) writer.${method}(value);`);
        out.line('writer.join();');
      });
      return;
    }
    if (el.kind === 'message' || el.kind === 'wellKnown') {
      // An index loop: a failure names the element (`items[3]`).
      out.block(`for (i = 0; i < ${expr}.length; i++) {`, () => emitEncodeValue(n, el, `${expr}[i]!`, ctx, out));
    } else out.block(`for (const value of ${expr}) {`, () => emitEncodeValue(n, el, 'value', ctx, out));
    return;
  }
  if (t.kind === 'map') {
    // Entries always carry key and value, as protoc's encoders write them.
    out.block(`for (const [key, value] of Object.entries(${expr})) {`, () => {
      out.line(`writer.uint32(${fieldKey(n, 2)}).fork();`);
      emitEncodeValue(1, { kind: 'scalar', scalar: t.key }, mapKeyFromString(t.key, 'key'), ctx, out);
      emitEncodeValue(2, t.value, 'value', ctx, out);
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
  out.block(`if (${condition}) {`, () => emitEncodeValue(n, t, expr, ctx, out));
}

/** Writes one value of `type` under field number `n`. */
function emitEncodeValue(n: number, type: TypeRef, expr: string, ctx: EmitContext, out: Printer): void {
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
      throw new Error(`internal: ${type.kind} cannot be a protobuf field value`);
  }
}
