/**
 * Turns values of one message type into bytes and back. Generated code provides one per
 * message; `decode` validates and throws {@link DecodeError} naming the bad field.
 */
export interface Codec<T> {
  /** The `content_type` bodies of this codec carry. */
  readonly contentType: string;
  encode(value: T, limits?: CodecLimits): Uint8Array;
  decode(bytes: Uint8Array, limits?: CodecLimits): T;
}

/** How much structure a codec accepts; exceeding it is a {@link DecodeError}, never a crash. */
export interface CodecLimits {
  /** Deepest nesting of messages (and, for JSON, objects and arrays) accepted. Default {@link DEFAULT_MAX_DEPTH}. */
  maxDepth?: number;
}

/** protobuf's own default recursion limit. */
export const DEFAULT_MAX_DEPTH = 100;

/**
 * Thrown by a codec when bytes do not decode into the message type, or a value does not
 * match it. `path` names the field (`items[3].price`); the runtime turns it into
 * INVALID_ARGUMENT for the caller.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    /** The path of the offending field, empty for the message itself. */
    readonly path: string,
    /** What was wrong, without the path. */
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }

  /** A copy of this error with `segment` prepended to its path. */
  within(segment: string): DecodeError {
    const joined = !this.path ? segment : this.path.startsWith('[') ? segment + this.path : `${segment}.${this.path}`;
    return new DecodeError(joined, this.problem);
  }
}
