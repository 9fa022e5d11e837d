import { DecodeError } from '../../codec.js';
import { jsonMismatch, jsonMismatchValue } from '../../json/json-mismatch.js';
import type { MapKeyType, ScalarType } from '../reflect/message-desc.js';
import { base64Decode } from './base64.js';

const RANGES: Partial<Record<ScalarType, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

/** The largest finite float32. */
const FLOAT_MAX = 3.4028234663852886e38;

/**
 * @internal One scalar from ProtoJSON into its TypeScript form: integers from numbers or
 * decimal strings (64-bit ones as bigint), floats also from numeric strings and
 * "NaN"/"Infinity"/"-Infinity", bytes from standard or URL-safe base64.
 * @throws DecodeError saying what was expected and echoing what came.
 */
export function scalarFromJson(type: ScalarType, json: unknown): unknown {
  const range = RANGES[type];
  if (range) {
    const n = integer(type, json);
    if (n < range[0] || n > range[1]) throw new DecodeError('', `${n} is out of range for ${type} (${range[0]} to ${range[1]})`);
    return type.endsWith('64') ? n : Number(n);
  }
  switch (type) {
    case 'double':
    case 'float': {
      let v: number;
      if (typeof json === 'number') v = json;
      else if (json === 'NaN' || json === 'Infinity' || json === '-Infinity') v = Number(json);
      else if (typeof json === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(json)) v = Number(json);
      else throw jsonMismatchValue(`a number (${type}), "NaN", "Infinity" or "-Infinity"`, json);
      if (type === 'float' && Number.isFinite(v)) {
        if (Math.abs(v) > FLOAT_MAX) throw new DecodeError('', `${v} is out of range for float (at most ${FLOAT_MAX} either side of 0)`);
        return Math.fround(v);
      }
      if (!Number.isFinite(v) && typeof json === 'number') throw jsonMismatchValue('a finite number', json);
      return v;
    }
    case 'bool':
      if (typeof json !== 'boolean') throw jsonMismatchValue('true or false', json);
      return json;
    case 'string':
      if (typeof json !== 'string') throw jsonMismatchValue('a string', json);
      return json;
    case 'bytes':
      if (typeof json !== 'string') throw jsonMismatchValue('base64 bytes, for example "aGVsbG8="', json);
      return base64Decode(json);
    default:
      throw jsonMismatch(`a ${type}`, json);
  }
}

function integer(type: ScalarType, json: unknown): bigint {
  if (typeof json === 'number' && Number.isInteger(json)) return BigInt(json);
  if (typeof json === 'string' && /^-?\d+$/.test(json)) return BigInt(json);
  const hint = type.endsWith('64') ? `an integer (${type}; a string such as "-12" keeps every digit)` : `an integer (${type})`;
  throw jsonMismatchValue(hint, json);
}

/**
 * @internal A map key from ProtoJSON (always a JSON string) as the TypeScript object key of the
 * map: integers in decimal (`"007"` -> `"7"`), bools `"true"` / `"false"`, strings as they are.
 */
export function mapKeyFromJson(type: MapKeyType, key: string): string {
  if (type === 'string') return key;
  if (type === 'bool') {
    if (key !== 'true' && key !== 'false') throw jsonMismatchValue('a map key "true" or "false"', key);
    return key;
  }
  return String(scalarFromJson(type, key));
}
