/**
 * @internal Reads warren's headers the same way whatever AMQP field type a peer chose.
 *
 * Clients differ: amqplib sends strings as long strings (`S`), pika sends Python `bytes` as
 * byte arrays (`x`), and numbers arrive in any integer type (amqplib decodes `b B s u I i l`
 * to numbers). Every warren header is read through {@link headerText}, so a status, a
 * deadline or a version means the same on the wire whichever of those carried it.
 */
import { shorten } from './shorten.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The header value as text: a long string as it is, a byte array decoded as UTF-8, an
 * integer as its decimal digits. `undefined` when the value is none of those (a table, an
 * array, a float, bytes that are not UTF-8, a boolean, a timestamp): present but unreadable.
 * Check for absence (`value == null`) before calling.
 */
export function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/**
 * A non-negative whole number from a header (decimal digits in any of the forms
 * {@link headerText} reads), or `undefined` when absent or not such a number.
 */
export function headerCount(value: unknown): number | undefined {
  if (value == null) return undefined;
  const text = headerText(value);
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** What a header value is, for error messages: its text shortened, or its kind. */
export function describeHeader(value: unknown): string {
  const text = headerText(value);
  if (text !== undefined) return JSON.stringify(shorten(text));
  if (value instanceof Uint8Array) return `${value.length} bytes that are not UTF-8`;
  if (value === null) return 'void';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'object') return '!' in value ? `a ${String((value as { '!': unknown })['!'])}` : 'a table';
  return `a ${typeof value}`;
}
