import { show } from '../check-option.js';
import { RpcError } from '../rpc-error.js';

/**
 * @internal Checks what one call brings (its timeout, headers and signal) before anything is
 * published. RabbitMQ answers a bad `expiration` by closing the channel (406), and amqplib
 * throws on a header table over 64 KiB; either would fail every other call sharing that
 * channel, so one call's bad argument must stop here, as that call's INVALID_ARGUMENT.
 */

/**
 * The longest timeout, ms (about 24.8 days): Node's timers cannot wait longer (a larger delay
 * fires after 1 ms), and RabbitMQ takes any `expiration` up to it.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** The most a call's own headers may take, names and values in UTF-8. */
export const MAX_CALL_HEADER_BYTES = 32 * 1024;
/** Header names are AMQP short strings. */
const MAX_HEADER_NAME_BYTES = 255;
const RESERVED_PREFIX = 'x-warren-';

/** True for a timeout that needs no checking: a whole number of ms in range (the common case). */
export function isWholeMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TIMEOUT_MS;
}

/**
 * A timeout as whole ms: a fraction is rounded up (a deadline is never earlier than asked).
 * Anything else that is not a number from 0 to {@link MAX_TIMEOUT_MS} is an error naming
 * `where` the value came from.
 */
export function wholeMs(value: unknown, where: string): number | RpcError {
  if (typeof value === 'number' && value >= 0 && value <= MAX_TIMEOUT_MS) return Math.ceil(value);
  return new RpcError(
    'INVALID_ARGUMENT',
    `${where}: expected milliseconds from 0 to ${MAX_TIMEOUT_MS} (about 24.8 days), for example 5000; got ${show(value)}`,
  );
}

/** The call's extra headers: a plain object of string values, names not reserved, within size. */
export function checkHeaders(headers: unknown): RpcError | undefined {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    return invalid(`headers: expected an object of string values, for example { traceparent: '00-...' }; got ${show(headers)}`);
  }
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.byteLength(name);
    if (nameBytes > MAX_HEADER_NAME_BYTES) {
      return invalid(`headers: a header name is ${nameBytes} bytes long, over AMQP's limit of ${MAX_HEADER_NAME_BYTES} (${show(name)})`);
    }
    if (name.startsWith(RESERVED_PREFIX)) return invalid(`headers[${JSON.stringify(name)}]: names starting "${RESERVED_PREFIX}" are reserved for warren`);
    if (typeof value !== 'string') return invalid(`headers[${JSON.stringify(name)}]: expected a string, got ${show(value)}`);
    bytes += nameBytes + Buffer.byteLength(value);
  }
  if (bytes > MAX_CALL_HEADER_BYTES) {
    return invalid(`headers: ${bytes} bytes of names and values, over the limit of ${MAX_CALL_HEADER_BYTES}`);
  }
  return undefined;
}

/** The call's `signal`, when given, must be an AbortSignal. */
export function checkSignal(signal: unknown): RpcError | undefined {
  const s = signal as AbortSignal | null;
  if (typeof s === 'object' && s !== null && typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function') return undefined;
  return invalid(`signal: expected an AbortSignal, for example AbortSignal.timeout(1000); got ${show(signal)}`);
}

function invalid(message: string): RpcError {
  return new RpcError('INVALID_ARGUMENT', message);
}
