import type { ScalarKind } from '../ir/type-ref.js';

/** The wire type each scalar kind is written with. */
export function scalarWireType(scalar: ScalarKind): number {
  switch (scalar) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return 1;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return 5;
    case 'string':
    case 'bytes':
      return 2;
    default:
      return 0;
  }
}

/** True for scalars that repeated fields pack (every numeric kind and bool). */
export function isPackable(scalar: ScalarKind): boolean {
  return scalar !== 'string' && scalar !== 'bytes';
}

/** The encoded key of a field: `(number << 3) | wireType`. */
export function fieldKey(fieldNumber: number, wireType: number): number {
  return ((fieldNumber << 3) | wireType) >>> 0;
}

/** The zero value a proto3 scalar field holds when absent, as a TS expression. */
export function scalarDefault(scalar: ScalarKind): string {
  switch (scalar) {
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return '0n';
    case 'bool':
      return 'false';
    case 'string':
      return "''";
    case 'bytes':
      return 'new Uint8Array(0)';
    default:
      return '0';
  }
}

/** A TS condition that is true when `expr` holds a non-default scalar (proto3 implicit presence). */
export function scalarIsSet(scalar: ScalarKind, expr: string): string {
  switch (scalar) {
    case 'bool':
      return expr;
    case 'string':
      return `${expr} !== ''`;
    case 'bytes':
      return `${expr}.length !== 0`;
    case 'double':
    case 'float':
      // -0 is written (its bits are not zero), as protoc's encoders do; NaN too.
      return `!Object.is(${expr}, 0)`;
    default:
      return `${expr} !== ${scalarDefault(scalar)}`;
  }
}

/** Map keys are strings in TS objects; integer keys go back to numbers or bigints on the wire. */
export function mapKeyFromString(key: ScalarKind, expr: string): string {
  if (key === 'string') return expr;
  if (key === 'bool') return `${expr} === 'true'`;
  if (key.endsWith('64')) return `BigInt(${expr})`;
  return `Number(${expr})`;
}

/** The runtime object that encodes and decodes a well-known type (`TimestampFns`). */
export function wellKnownCodec(name: string): string {
  return `${name.slice('google.protobuf.'.length)}Fns`;
}
