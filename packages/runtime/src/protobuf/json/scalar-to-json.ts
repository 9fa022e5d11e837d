import { jsonMismatch } from '../../json/json-mismatch.js';
import type { ScalarType } from '../reflect/message-desc.js';
import type { JsonValue } from '../well-known.js';
import { base64Encode } from './base64.js';
import { float32Json } from './float32-json.js';

/**
 * @internal One scalar value in ProtoJSON: 64-bit integers as decimal strings, bytes as
 * base64, NaN and the infinities as strings, a float with float precision, -0 kept.
 * @throws DecodeError when `value` is not of the field's TypeScript type.
 */
export function scalarToJson(type: ScalarType, value: unknown): JsonValue {
  switch (type) {
    case 'double':
    case 'float':
      if (typeof value !== 'number') throw jsonMismatch(`a number (${type})`, value);
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      return type === 'float' ? float32Json(value) : value;
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return String(value);
      throw jsonMismatch(`a bigint (${type})`, value);
    case 'bool':
      if (typeof value !== 'boolean') throw jsonMismatch('a boolean', value);
      return value;
    case 'string':
      if (typeof value !== 'string') throw jsonMismatch('a string', value);
      return value;
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw jsonMismatch('a Uint8Array', value);
      return base64Encode(value);
    default:
      if (typeof value !== 'number' || !Number.isInteger(value)) throw jsonMismatch(`an integer (${type})`, value);
      return value;
  }
}

/** @internal True when `value` is the proto3 default of its scalar type (not written in JSON; -0 is not a default). */
export function isScalarDefault(type: ScalarType, value: unknown): boolean {
  switch (type) {
    case 'bool':
      return value === false;
    case 'string':
      return value === '';
    case 'bytes':
      return value instanceof Uint8Array && value.length === 0;
    case 'double':
    case 'float':
      return Object.is(value, 0);
    default:
      return value === 0 || value === 0n;
  }
}
