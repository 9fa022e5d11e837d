/**
 * The small checks generated JSON validators call. Each takes an unknown value and
 * returns it typed, or throws a {@link DecodeError} saying what was expected and what came.
 * They are plain functions (no closures, no reflection) so V8 inlines them into the
 * straight-line validators codegen emits.
 */
import { DecodeError, DEFAULT_MAX_DEPTH, tooDeep } from '../codec.js';
import { jsonMismatch, jsonMismatchValue } from './json-mismatch.js';
import { errorMessage } from '../error-message.js';
import { asBuffer } from '../as-buffer.js';

/** A parsed JSON object, read field by field by generated validators. */
export type JsonRecord = Record<string, unknown>;

export { describeJson, jsonMismatch, jsonMismatchValue } from './json-mismatch.js';
export { dateFromJson, dateToJson } from './json-date.js';

function prefixed(err: unknown, segment: string): DecodeError {
  if (err instanceof DecodeError) return err.within(segment);
  return new DecodeError(segment, errorMessage(err));
}

/** Puts field `name` in front of the error's path. */
export function jsonFailure(err: unknown, name: string): DecodeError {
  return prefixed(err, isIdentifier(name) ? name : `[${JSON.stringify(name)}]`);
}

// A loop, not a regex: error paths run at the bottom of deep stacks, and V8 aborts the process
// when it runs out of stack while compiling a regex.
function isIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
    if (!letter && (i === 0 || c < 48 || c > 57)) return false;
  }
  return true;
}

/** Puts `[index]` in front of the error's path. */
export function jsonFailureAt(err: unknown, index: number): DecodeError {
  return prefixed(err, `[${index}]`);
}

/** Record keys longer than this are cut in error paths. */
const MAX_KEY_SHOWN = 40;

/** Puts `["key"]` in front of the error's path (a Record entry); a long key is cut. */
export function jsonFailureKey(err: unknown, key: string): DecodeError {
  const shown = key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…(${key.length - MAX_KEY_SHOWN} more)` : key;
  return prefixed(err, `[${JSON.stringify(shown)}]`);
}

/**
 * A JSON object (not null, not an array) with `depth` objects and arrays around it;
 * one more than `maxDepth` allows is a DecodeError. Generated validators count the depth as
 * they descend, so a deep value is refused before its recursion could exhaust the stack.
 */
export function jsonObject(value: unknown, depth = 0, maxDepth = DEFAULT_MAX_DEPTH): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw jsonMismatch('object', value);
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  return value as JsonRecord;
}

/** A JSON array with `depth` objects and arrays around it (see {@link jsonObject}). */
export function jsonArray(value: unknown, depth = 0, maxDepth = DEFAULT_MAX_DEPTH): readonly unknown[] {
  if (!Array.isArray(value)) throw jsonMismatch('array', value);
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  return value;
}

/** A string. */
export function jsonString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw jsonMismatch('string', value);
}

/** A finite number (JSON has no NaN or Infinity; `1e400` parses to Infinity). */
export function jsonNumber(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw typeof value === 'number' ? jsonMismatchValue('finite number', String(value)) : jsonMismatch('number', value);
}

/** A boolean. */
export function jsonBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw jsonMismatch('boolean', value);
}

// Longer decimal strings would make BigInt() slow (quadratic) for no real use.
const MAX_BIGINT_DIGITS = 1000;
const DECIMAL = new RegExp(`^-?(0|[1-9][0-9]{0,${MAX_BIGINT_DIGITS - 1}})$`);

/** bigint from JSON: a decimal string (`"-12"`), or a safe integer number. */
export function bigintFromJson(value: unknown): bigint {
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw typeof value === 'string'
    ? jsonMismatchValue(`bigint as a decimal string of at most ${MAX_BIGINT_DIGITS} digits`, value)
    : jsonMismatch('bigint as a decimal string', value);
}

/** bigint to JSON: its decimal string. */
export function bigintToJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  throw jsonMismatch('bigint', value);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Uint8Array from JSON: standard base64 with padding (RFC 4648 section 4). */
export function bytesFromJson(value: unknown): Uint8Array {
  if (typeof value === 'string' && BASE64.test(value)) return new Uint8Array(Buffer.from(value, 'base64'));
  throw typeof value === 'string' ? jsonMismatchValue('Uint8Array as base64', value) : jsonMismatch('Uint8Array as a base64 string', value);
}

/** Uint8Array to JSON: standard base64 with padding. */
export function bytesToJson(value: unknown): string {
  if (value instanceof Uint8Array) return asBuffer(value).toString('base64');
  throw jsonMismatch('Uint8Array', value);
}
