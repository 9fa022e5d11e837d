import { DecodeError, maxDepthOf, type Codec, type CodecLimits } from '../codec.js';
import { ContentType } from '../protocol.js';
import { safeJsonParse } from './safe-json-parse.js';

/**
 * The functions generated for one TypeScript-contract type. Both validate and throw
 * {@link DecodeError} naming the bad field (`items[3].price: expected number, got string`).
 * `depth` is how many objects and arrays enclose the value (0 for a whole body); more than
 * `maxDepth` (default 100, `DEFAULT_MAX_DEPTH`) levels is a DecodeError.
 */
export interface JsonFns<T> {
  /** A value of T -> a plain JSON-ready value (bigint, Date, Uint8Array as strings). */
  toJson(value: T, depth?: number, maxDepth?: number): unknown;
  /** Parsed JSON -> a fresh value of T; unknown properties are dropped. */
  fromJson(json: unknown, depth?: number, maxDepth?: number): T;
}

const utf8 = new TextEncoder();
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Wraps a generated type's functions as a {@link Codec} with content type application/json. */
export function jsonCodec<T>(fns: JsonFns<T>): Codec<T> {
  return {
    contentType: ContentType.json,
    encode(value: T, limits?: CodecLimits): Uint8Array {
      // toJson checks the depth, so JSON.stringify (which recurses) only sees a bounded value.
      return utf8.encode(JSON.stringify(fns.toJson(value, 0, maxDepthOf(limits))));
    },
    decode(bytes: Uint8Array, limits?: CodecLimits): T {
      let text: string;
      try {
        text = fatalUtf8.decode(bytes);
      } catch {
        throw new DecodeError('', 'body is not valid UTF-8');
      }
      return fns.fromJson(safeJsonParse(text), 0, maxDepthOf(limits));
    },
  };
}
