import { DecodeError } from '../codec.js';
import { shorten } from '../shorten.js';

/** What a value is, for error messages: `string`, `null`, `array`, `Date`, ... */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return typeof value;
}

/** `expected <expected>, got <kind of value>`. */
export function jsonMismatch(expected: string, got: unknown): DecodeError {
  return new DecodeError('', `expected ${expected}, got ${describeJson(got)}`);
}

/** Like {@link jsonMismatch} but echoes the value (shortened), for literals and enums. */
export function jsonMismatchValue(expected: string, got: unknown): DecodeError {
  let shown: string;
  try {
    shown = typeof got === 'bigint' ? `${got}n` : (JSON.stringify(got) ?? describeJson(got));
  } catch {
    shown = describeJson(got);
  }
  return new DecodeError('', `expected ${expected}, got ${shorten(shown)}`);
}
