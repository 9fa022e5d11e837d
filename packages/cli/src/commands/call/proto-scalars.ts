import { JsonInputError, preview } from './json-input-error.js';

/** The 64-bit representation protobufjs's writer accepts without precision loss. */
export interface LongBitsLike {
  low: number;
  high: number;
  unsigned: boolean;
}

const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
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

/** True for the scalar kinds whose proto3 JSON form is a string (64-bit integers). */
export const isLongKind = (kind: string) => /64$/.test(kind) && kind !== 'double';

/** True when `kind` is a protobuf scalar type name. */
export const isScalarKind = (kind: string) =>
  kind in INT_RANGES || kind === 'double' || kind === 'float' || kind === 'bool' || kind === 'string' || kind === 'bytes';

/**
 * Proto3 JSON -> the value protobufjs encodes: integers from numbers or decimal strings
 * (64-bit as strings to keep precision), floats also from "NaN"/"Infinity", bytes from base64.
 */
export function scalarFromJson(kind: string, value: unknown, path: string): unknown {
  const range = INT_RANGES[kind];
  if (range) {
    let n: bigint;
    if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
    else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) n = BigInt(value.trim());
    else throw new JsonInputError(path, `expected an integer (${kind}${isLongKind(kind) ? ', as a string to keep precision' : ''}), got ${preview(value)}`);
    if (n < range[0] || n > range[1]) throw new JsonInputError(path, `${n} is out of range for ${kind} (${range[0]} to ${range[1]})`);
    if (!isLongKind(kind)) return Number(n);
    const u = BigInt.asUintN(64, n);
    return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned: kind === 'uint64' || kind === 'fixed64' } satisfies LongBitsLike;
  }
  switch (kind) {
    case 'double':
    case 'float':
      if (typeof value === 'number') return value;
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw new JsonInputError(path, `expected a number (${kind}), got ${preview(value)}`);
    case 'bool':
      if (typeof value === 'boolean') return value;
      throw new JsonInputError(path, `expected true or false, got ${preview(value)}`);
    case 'string':
      if (typeof value === 'string') return value;
      throw new JsonInputError(path, `expected a string, got ${preview(value)}`);
    case 'bytes':
      if (typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return Buffer.from(value, 'base64');
      throw new JsonInputError(path, `expected base64 bytes, for example "aGVsbG8=", got ${preview(value)}`);
    default:
      throw new JsonInputError(path, `unsupported scalar type ${kind}`);
  }
}

/** What protobufjs decoded -> proto3 JSON: 64-bit integers as decimal strings, bytes as base64, NaN/Infinity as strings. */
export function scalarToJson(kind: string, value: unknown): unknown {
  if (isLongKind(kind)) return longToString(value, kind === 'uint64' || kind === 'fixed64');
  if (kind === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  if ((kind === 'double' || kind === 'float') && typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A protobufjs Long (or number) as a decimal string, exact. */
export function longToString(value: unknown, unsigned: boolean): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value;
  const { low, high } = value as { low: number; high: number };
  const u = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  return String(unsigned ? u : BigInt.asIntN(64, u));
}

/** protobufjs keys decoded 64-bit map keys by an 8-character hash of their bytes; back to decimal. */
export function longKeyToString(key: string, unsigned: boolean): string {
  if (key.length !== 8) return key;
  let u = 0n;
  for (let i = 7; i >= 0; i--) u = (u << 8n) | BigInt(key.charCodeAt(i) & 0xff);
  return String(unsigned ? u : BigInt.asIntN(64, u));
}
