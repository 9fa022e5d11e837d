/**
 * The type algebra both parsers map into and every emitter reads. It is the union of what
 * proto3 and the supported TypeScript subset can say; each parser produces only its part.
 */

/** Protobuf scalar kinds. TS contracts map `number` to `double`, `bigint` to `int64`, `boolean` to `bool`. */
export type ScalarKind =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

/** Scalar kinds allowed as map keys (proto3 rules: integral or string). */
export type MapKeyKind = Exclude<ScalarKind, 'double' | 'float' | 'bytes'>;

/** Protobuf well-known types with a natural TypeScript mapping. */
export type WellKnownName =
  | 'google.protobuf.Timestamp'
  | 'google.protobuf.Duration'
  | 'google.protobuf.Empty'
  | 'google.protobuf.Struct'
  | 'google.protobuf.Value'
  | 'google.protobuf.ListValue'
  | 'google.protobuf.DoubleValue'
  | 'google.protobuf.FloatValue'
  | 'google.protobuf.Int64Value'
  | 'google.protobuf.UInt64Value'
  | 'google.protobuf.Int32Value'
  | 'google.protobuf.UInt32Value'
  | 'google.protobuf.BoolValue'
  | 'google.protobuf.StringValue'
  | 'google.protobuf.BytesValue'
  | 'google.protobuf.Any'
  | 'google.protobuf.FieldMask';

export type TypeRef =
  | { readonly kind: 'scalar'; readonly scalar: ScalarKind }
  /** A message, by fully qualified name (`pkg.Outer.Inner`). */
  | { readonly kind: 'message'; readonly name: string }
  /** An enum, by fully qualified name. */
  | { readonly kind: 'enum'; readonly name: string }
  /** A named alias (TS contracts: `type Shape = Circle | Square`), by fully qualified name. */
  | { readonly kind: 'alias'; readonly name: string }
  | { readonly kind: 'wellKnown'; readonly name: WellKnownName }
  /** `repeated T` / `T[]` / `readonly T[]` (`readonly` set for TS contracts' `readonly T[]`). */
  | { readonly kind: 'list'; readonly element: TypeRef; readonly readonly?: boolean }
  /** `map<K, V>` / `Record<string, V>`. */
  | { readonly kind: 'map'; readonly key: MapKeyKind; readonly value: TypeRef }
  /** TS contracts: a JavaScript `Date` (JSON: ISO-8601 string). */
  | { readonly kind: 'date' }
  /** TS contracts: one literal value. */
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  /** TS contracts: `A | B | ...` (literal unions, discriminated unions). */
  | { readonly kind: 'union'; readonly variants: readonly TypeRef[]; readonly discriminator?: string }
  /** TS contracts: `T | null`. */
  | { readonly kind: 'nullable'; readonly inner: TypeRef };
