/**
 * @internal Checks of client, server and connection options, made once when the object is
 * built. A bad option is a programming error: it throws a TypeError naming the option, what
 * was expected, an example and the value given, instead of failing later inside amqplib or
 * the broker (a prefetch over 65535 or a fractional one closes the channel, for instance).
 */
import { shorten } from './shorten.js';

/** `value`, when given, must be a whole number from `min` to `max`. */
export function checkWhole(value: unknown, name: string, min: number, max: number, example: number): void {
  if (value === undefined) return;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
  throw new TypeError(`${name}: expected a whole number from ${min} to ${max}, for example ${example}; got ${show(value)}`);
}

/** `value`, when given, must be one of `allowed`. */
export function checkOneOf(value: unknown, name: string, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value as string)) return;
  throw new TypeError(`${name}: expected ${allowed.map((a) => `'${a}'`).join(' or ')}; got ${show(value)}`);
}

/** `value`, when given, must be a queue name: a non-empty AMQP short string (at most 255 bytes). */
export function checkQueueName(value: unknown, name: string): void {
  if (value === undefined) return;
  if (typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= 255) return;
  throw new TypeError(`${name}: expected a queue name of 1 to 255 bytes, for example 'billing.v1.Invoices'; got ${show(value)}`);
}

/** A value for an error message: short, and never a whole payload. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
