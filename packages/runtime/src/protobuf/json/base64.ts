import { asBuffer } from '../../as-buffer.js';
import { DecodeError } from '../../codec.js';

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** @internal Bytes as standard base64 with padding, as ProtoJSON writes them. */
export function base64Encode(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('base64');
}

/**
 * @internal Standard or URL-safe base64, padded or not, as ProtoJSON reads it. Anything else is
 * a DecodeError (Node's own decoder would skip the bad characters silently).
 */
export function base64Decode(text: string): Uint8Array {
  const unpadded = text.replace(/=+$/, '');
  if (!BASE64.test(text) || unpadded.length % 4 === 1 || (text.length !== unpadded.length && text.length % 4 !== 0)) {
    const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
    throw new DecodeError('', `expected base64 bytes, for example "aGVsbG8=", got ${JSON.stringify(shown)}`);
  }
  return new Uint8Array(Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}
