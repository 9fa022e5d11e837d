import type { ScalarKind, TypeRef, WellKnownName } from '../ir/type-ref.js';
import type { EmitContext } from './emit-context.js';

/** The TypeScript type of each scalar kind. 64-bit integers are bigint: no precision is lost. */
export function scalarTsType(scalar: ScalarKind): string {
  switch (scalar) {
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return 'bigint';
    case 'bool':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bytes':
      return 'Uint8Array';
    default:
      return 'number';
  }
}

const WELL_KNOWN_TS: Record<WellKnownName, string> = {
  'google.protobuf.Timestamp': 'Date',
  'google.protobuf.Duration': 'Duration',
  'google.protobuf.Empty': 'Empty',
  'google.protobuf.Struct': 'JsonObject',
  'google.protobuf.Value': 'JsonValue',
  'google.protobuf.ListValue': 'JsonValue[]',
  'google.protobuf.DoubleValue': 'number',
  'google.protobuf.FloatValue': 'number',
  'google.protobuf.Int64Value': 'bigint',
  'google.protobuf.UInt64Value': 'bigint',
  'google.protobuf.Int32Value': 'number',
  'google.protobuf.UInt32Value': 'number',
  'google.protobuf.BoolValue': 'boolean',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'Uint8Array',
  'google.protobuf.Any': 'Any',
  'google.protobuf.FieldMask': 'string[]',
};

/** The TypeScript type for a type reference, importing what it names. */
export function tsType(ref: TypeRef, ctx: EmitContext): string {
  switch (ref.kind) {
    case 'scalar':
      return scalarTsType(ref.scalar);
    case 'message':
    case 'enum':
    case 'alias':
      return ctx.ref(ref.name);
    case 'wellKnown': {
      const ts = WELL_KNOWN_TS[ref.name];
      const runtimeType = /^(Duration|Empty|JsonObject|JsonValue|Any)\b/.exec(ts)?.[1];
      // the local name of the runtime type: aliased where a contract type has its name
      return runtimeType ? ctx.rtType(runtimeType) + ts.slice(runtimeType.length) : ts;
    }
    case 'list': {
      const el = tsType(ref.element, ctx);
      const list = /[ |&]/.test(el) ? `(${el})[]` : `${el}[]`;
      return ref.readonly ? `readonly ${list}` : list;
    }
    case 'map':
      return `Record<${mapKeyTsType(ref.key)}, ${tsType(ref.value, ctx)}>`;
    case 'date':
      return 'Date';
    case 'literal':
      return typeof ref.value === 'string' ? `'${ref.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(ref.value);
    case 'union':
      return ref.variants.map((v) => tsType(v, ctx)).join(' | ');
    case 'nullable':
      return `${tsType(ref.inner, ctx)} | null`;
  }
}

/**
 * Map keys in TypeScript: 32-bit integer keys are numbers; 64-bit keys are decimal strings and
 * bool keys `'true'`/`'false'`, because object keys cannot be bigints or booleans.
 */
export function mapKeyTsType(key: ScalarKind): string {
  switch (key) {
    case 'int32':
    case 'uint32':
    case 'sint32':
    case 'fixed32':
    case 'sfixed32':
      return 'number';
    default:
      return 'string';
  }
}
