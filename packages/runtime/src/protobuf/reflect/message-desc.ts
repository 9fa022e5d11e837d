import type { CodecLimits } from '../../codec.js';
import type { JsonValue } from '../well-known.js';
import type { FromJsonOptions, ToJsonOptions } from '../json/proto-json-options.js';
import type { ProtoMessageFns } from '../protobuf-codec.js';

/**
 * The descriptor of a protobuf message as generated code (and `warren call`, from the
 * contract) hands it to the runtime: enough to build a message with its defaults, map it to
 * and from protobuf's canonical JSON, and, where no generated code exists, to and from bytes.
 * Values are the TypeScript forms generated code uses (bigint for 64-bit integers, `Date`
 * for Timestamp, `{ $case, value }` for a oneof member; see docs/contracts.md).
 */

/** Protobuf scalar types. */
export type ScalarType =
  | 'double' | 'float' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'sint32' | 'sint64'
  | 'fixed32' | 'fixed64' | 'sfixed32' | 'sfixed64' | 'bool' | 'string' | 'bytes';

/** Scalar types a map key may have. */
export type MapKeyType = Exclude<ScalarType, 'double' | 'float' | 'bytes'>;

/** The well-known types with a TypeScript form of their own (`Date`, `JsonValue`, a bare wrapped value, ...). */
export type WellKnownType =
  | 'google.protobuf.Timestamp' | 'google.protobuf.Duration' | 'google.protobuf.Empty'
  | 'google.protobuf.Struct' | 'google.protobuf.Value' | 'google.protobuf.ListValue'
  | 'google.protobuf.DoubleValue' | 'google.protobuf.FloatValue' | 'google.protobuf.Int64Value'
  | 'google.protobuf.UInt64Value' | 'google.protobuf.Int32Value' | 'google.protobuf.UInt32Value'
  | 'google.protobuf.BoolValue' | 'google.protobuf.StringValue' | 'google.protobuf.BytesValue'
  | 'google.protobuf.Any' | 'google.protobuf.FieldMask';

/** An enum: its full name and its TypeScript enum object (`NAME -> number` and `number -> NAME`). */
export interface EnumRef {
  readonly enum: string;
  /** A function, so a message may name an enum declared after it. */
  readonly values: () => Readonly<Record<string, string | number>>;
}

/** A message type, through a function so messages may refer to each other and to themselves. */
export interface MessageRef {
  readonly message: () => ProtoMessage<object>;
}

/** A well-known type. */
export interface WellKnownRef {
  readonly wellKnown: WellKnownType;
}

/** What one value of a field is. */
export type ValueType = ScalarType | EnumRef | MessageRef | WellKnownRef;

/** What a field holds: one value, a list (`repeated`), or a map. */
export type FieldType = ValueType | { readonly list: ValueType } | { readonly map: MapKeyType; readonly value: ValueType };

/** One field of a message. */
export interface FieldDesc {
  /** The field number. */
  readonly no: number;
  /** The name in the .proto file (`unit_price`). */
  readonly name: string;
  /** The property in TypeScript; default: protoc's JSON name (`unitPrice`), whatever `jsonName` says. */
  readonly localName?: string;
  /** The name in JSON; default: protoc's (`unitPrice`); set by the `json_name` option. */
  readonly jsonName?: string;
  readonly type: FieldType;
  /** proto3 `optional`: the field may be absent (undefined) and is written when set, even to its default. */
  readonly optional?: boolean;
  /** The oneof (its property in TypeScript) the field belongs to: set as `{ $case: localName, value }`. */
  readonly oneof?: string;
  /** False for a repeated number field declared `[packed = false]`. */
  readonly packed?: boolean;
}

/** A message: its full name (`shop.v1.Product`) and fields. */
export interface MessageDesc {
  readonly typeName: string;
  readonly fields: readonly FieldDesc[];
}

/** What every message type offers to turn its messages into bytes or ProtoJSON and back. */
export interface MessageCodec<T> {
  /** The message as protobuf bytes. @throws DecodeError when a value cannot be encoded (a field names it). */
  toBinary(message: T, limits?: CodecLimits): Uint8Array;
  /** A message from protobuf bytes. @throws DecodeError naming the field when the bytes are not this message. */
  fromBinary(bytes: Uint8Array, limits?: CodecLimits): T;
  /** The message in protobuf's canonical JSON mapping (ProtoJSON), as a JSON value. */
  toJson(message: T, options?: ToJsonOptions): JsonValue;
  /** A message from a parsed ProtoJSON value. @throws DecodeError naming the path of what does not fit. */
  fromJson(json: unknown, options?: FromJsonOptions): T;
  /** {@link toJson} as text; unlike JSON.stringify it writes -0 as `-0`. */
  toJsonString(message: T, options?: ToJsonOptions): string;
  /** {@link fromJson} of JSON text. @throws DecodeError when the text is not JSON or not this message. */
  fromJsonString(text: string, options?: FromJsonOptions): T;
}

/**
 * A generated message's companion object (`Product.create()`, `Product.toJson(p)`): the
 * message's descriptor, its binary encode and decode, and the calls built on them.
 */
export interface ProtoMessage<T> extends ProtoMessageFns<T>, MessageDesc, MessageCodec<T> {
  /**
   * A new message: proto3 defaults (`''`, `0`, `0n`, `false`, empty bytes, `[]`, `{}`, enum 0),
   * then the fields `init` sets. Absent messages, optional fields and oneofs stay undefined.
   */
  create(init?: Partial<T>): T;
}
