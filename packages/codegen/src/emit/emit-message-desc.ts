import type { FieldDecl, MessageDecl } from '../ir/contract.js';
import { protoJsonName } from '../ir/names.js';
import type { TypeRef } from '../ir/type-ref.js';
import type { EmitContext } from './emit-context.js';
import { quote } from './json-codec-support.js';
import type { Printer } from './printer.js';

/**
 * Emits the descriptor lines of a message's companion object (`typeName`, `fields`), which
 * the runtime's `protoMessage` turns into `create`, `toJson` / `fromJson` (protobuf's
 * canonical JSON mapping) and the Any registry. One short line per field: the mapping is
 * table-driven in the runtime rather than emitted per field, because JSON is not on the RPC
 * hot path and generated files stay readable (docs/architecture.md).
 */
export function emitMessageDesc(msg: MessageDecl, ctx: EmitContext, out: Printer): void {
  out.line(`typeName: '${msg.fullName}',`);
  if (msg.fields.length === 0) {
    out.line('fields: [],');
    return;
  }
  out.block('fields: [', () => {
    for (const field of msg.fields) out.line(`${fieldDesc(field, ctx)},`);
  }, '],');
}

function fieldDesc(f: FieldDecl, ctx: EmitContext): string {
  const parts = [`no: ${f.number}`, `name: ${quote(f.name)}`];
  const protocName = protoJsonName(f.name);
  if (f.tsName !== protocName) parts.push(`localName: ${quote(f.tsName)}`);
  if (f.jsonName !== undefined && f.jsonName !== protocName) parts.push(`jsonName: ${quote(f.jsonName)}`);
  parts.push(`type: ${fieldType(f.type, ctx)}`);
  // Messages are absent when undefined anyway; `optional` matters for scalars and enums.
  if (f.optional && !f.oneof && (f.type.kind === 'scalar' || f.type.kind === 'enum')) parts.push('optional: true');
  if (f.oneof) parts.push(`oneof: ${quote(f.oneof)}`);
  if (f.packed === false) parts.push('packed: false');
  return `{ ${parts.join(', ')} }`;
}

function fieldType(t: TypeRef, ctx: EmitContext): string {
  if (t.kind === 'list') return `{ list: ${valueType(t.element, ctx)} }`;
  if (t.kind === 'map') return `{ map: '${t.key}', value: ${valueType(t.value, ctx)} }`;
  return valueType(t, ctx);
}

function valueType(t: TypeRef, ctx: EmitContext): string {
  switch (t.kind) {
    case 'scalar':
      return `'${t.scalar}'`;
    case 'enum':
      return `{ enum: '${t.name}', values: () => ${ctx.ref(t.name, true)} }`;
    case 'message':
      return `{ message: () => ${ctx.ref(t.name, true)} }`;
    case 'wellKnown':
      return `{ wellKnown: '${t.name}' }`;
    default:
      throw new Error(`internal: ${t.kind} cannot be a protobuf field value`);
  }
}
