import { DecodeError } from '../codec.js';
import { errorMessage } from '../error-message.js';

/**
 * Used by generated decoders and encoders: wraps what went wrong while reading (or
 * writing) field `at` of `message` into a DecodeError whose path names the field
 * (`items[3].price`). `at` ending in `[]` is a repeated field; the index is `index` when given
 * (an encoder's loop counter), else the count of elements decoded before the failure.
 */
export function decodeFailure(err: unknown, at: string, message: object, index?: number): DecodeError {
  let segment = at;
  if (at.endsWith('[]')) {
    const name = at.slice(0, -2);
    const list = (message as Record<string, unknown>)[name];
    segment = `${name}[${index ?? (Array.isArray(list) ? list.length : 0)}]`;
  }
  if (err instanceof DecodeError) return segment ? err.within(segment) : err;
  return new DecodeError(segment, errorMessage(err));
}
