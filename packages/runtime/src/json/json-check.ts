/**
 * @internal The small checks generated JSON validators call. Each takes an unknown value and
 * returns it typed, or throws a {@link DecodeError} saying what was expected and what came.
 * They are plain functions (no closures, no reflection) so V8 inlines them into the
 * straight-line validators codegen emits.
 */
import { DecodeError } from '../codec.js';

/** A parsed JSON object, read field by field by generated validators. */
export type JsonRecord = Record<string, unknown>;

/** @internal What a value is, for error messages: `string`, `null`, `array`, `Date`, ... */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return typeof value;
}

/** @internal `expected <expected>, got <kind of value>`. */
export function jsonMismatch(expected: string, got: unknown): DecodeError {
  return new DecodeError('', `expected ${expected}, got ${describeJson(got)}`);
}

/** @internal Like {@link jsonMismatch} but echoes the value (shortened), for literals and enums. */
export function jsonMismatchValue(expected: string, got: unknown): DecodeError {
  let shown: string;
  try {
    shown = typeof got === 'bigint' ? `${got}n` : (JSON.stringify(got) ?? describeJson(got));
  } catch {
    shown = describeJson(got);
  }
  if (shown.length > 40) shown = `${shown.slice(0, 37)}...`;
  return new DecodeError('', `expected ${expected}, got ${shown}`);
}

function prefixed(err: unknown, segment: string): DecodeError {
  if (err instanceof DecodeError) return err.within(segment);
  return new DecodeError(segment, err instanceof Error ? err.message : String(err));
}

/** @internal Puts field `name` in front of the error's path. */
export function jsonFailure(err: unknown, name: string): DecodeError {
  return prefixed(err, /^[A-Za-z_$][\w$]*$/.test(name) ? name : `[${JSON.stringify(name)}]`);
}

/** @internal Puts `[index]` in front of the error's path. */
export function jsonFailureAt(err: unknown, index: number): DecodeError {
  return prefixed(err, `[${index}]`);
}

/** @internal Puts `["key"]` in front of the error's path (a Record entry). */
export function jsonFailureKey(err: unknown, key: string): DecodeError {
  return prefixed(err, `[${JSON.stringify(key)}]`);
}

/** @internal A JSON object (not null, not an array). */
export function jsonObject(value: unknown): JsonRecord {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonRecord;
  throw jsonMismatch('object', value);
}

/** @internal A JSON array. */
export function jsonArray(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw jsonMismatch('array', value);
}

/** @internal A string. */
export function jsonString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw jsonMismatch('string', value);
}

/** @internal A finite number (JSON has no NaN or Infinity; `1e400` parses to Infinity). */
export function jsonNumber(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw typeof value === 'number' ? jsonMismatchValue('finite number', String(value)) : jsonMismatch('number', value);
}

/** @internal A boolean. */
export function jsonBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw jsonMismatch('boolean', value);
}

// Longer decimal strings would make BigInt() slow (quadratic) for no real use.
const MAX_BIGINT_DIGITS = 1000;
const DECIMAL = new RegExp(`^-?(0|[1-9][0-9]{0,${MAX_BIGINT_DIGITS - 1}})$`);

/** @internal bigint from JSON: a decimal string (`"-12"`), or a safe integer number. */
export function bigintFromJson(value: unknown): bigint {
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw typeof value === 'string'
    ? jsonMismatchValue(`bigint as a decimal string of at most ${MAX_BIGINT_DIGITS} digits`, value)
    : jsonMismatch('bigint as a decimal string', value);
}

/** @internal bigint to JSON: its decimal string. */
export function bigintToJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  throw jsonMismatch('bigint', value);
}

const ISO_8601 = /^(\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** @internal Date from JSON: an ISO-8601 / RFC 3339 timestamp with a zone (`2024-05-01T12:00:00.000Z`). */
export function dateFromJson(value: unknown): Date {
  if (typeof value === 'string' && ISO_8601.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw typeof value === 'string'
    ? jsonMismatchValue('an ISO-8601 date-time string like "2024-05-01T12:00:00.000Z"', value)
    : jsonMismatch('Date as an ISO-8601 string', value);
}

/** @internal Date to JSON: `toISOString()` (UTC, milliseconds). An invalid Date is rejected. */
export function dateToJson(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw value instanceof Date ? new DecodeError('', 'expected a valid Date, got Invalid Date') : jsonMismatch('Date', value);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** @internal Uint8Array from JSON: standard base64 with padding (RFC 4648 section 4). */
export function bytesFromJson(value: unknown): Uint8Array {
  if (typeof value === 'string' && BASE64.test(value)) return new Uint8Array(Buffer.from(value, 'base64'));
  throw typeof value === 'string' ? jsonMismatchValue('Uint8Array as base64', value) : jsonMismatch('Uint8Array as a base64 string', value);
}

/** @internal Uint8Array to JSON: standard base64 with padding. */
export function bytesToJson(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  throw jsonMismatch('Uint8Array', value);
}
