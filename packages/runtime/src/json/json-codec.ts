import { DecodeError, type Codec } from '../codec.js';
import { ContentType } from '../protocol.js';
import { safeJsonParse } from './safe-json-parse.js';

/**
 * The functions generated for one TypeScript-contract type. Both validate and throw
 * {@link DecodeError} naming the bad field (`items[3].price: expected number, got string`).
 */
export interface JsonFns<T> {
  /** A value of T -> a plain JSON-ready value (bigint, Date, Uint8Array as strings). */
  toJson(value: T): unknown;
  /** Parsed JSON -> a fresh value of T; unknown properties are dropped. */
  fromJson(json: unknown): T;
}

const utf8 = new TextEncoder();
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Wraps a generated type's functions as a {@link Codec} with content type application/json. */
export function jsonCodec<T>(fns: JsonFns<T>): Codec<T> {
  return {
    contentType: ContentType.json,
    encode(value: T): Uint8Array {
      return utf8.encode(JSON.stringify(fns.toJson(value)));
    },
    decode(bytes: Uint8Array): T {
      let text: string;
      try {
        text = fatalUtf8.decode(bytes);
      } catch {
        throw new DecodeError('', 'body is not valid UTF-8');
      }
      return fns.fromJson(safeJsonParse(text));
    },
  };
}
