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
 * @internal The depth limit of `limits`: {@link DEFAULT_MAX_DEPTH} when unset.
 * @throws RangeError when it is not an integer of at least 1 (NaN would disable the limit).
 */
export function maxDepthOf(limits: CodecLimits | undefined): number {
  const max = limits?.maxDepth;
  if (max === undefined) return DEFAULT_MAX_DEPTH;
  if (Number.isInteger(max) && max >= 1) return max;
  throw new RangeError(`maxDepth must be an integer of at least 1, got ${String(max)}`);
}

/** Paths with more parts than this show their first two and their last part only. */
const MAX_PATH_PARTS = 8;

/**
 * Thrown by a codec when bytes do not decode into the message type, or a value does not
 * match it. `path` names the field (`items[3].price`); the runtime turns it into
 * INVALID_ARGUMENT for the caller. A long path is shortened to stay readable
 * (`parent.parent.…(97 more).parent`).
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  /** The path of the offending field, shortened when long; empty for the message itself. */
  readonly path: string;
  /** The parts of the full path (`items[3]`, `price`), outermost first. */
  readonly #parts: readonly string[];

  /**
   * @param path where it went wrong (`items[3].price`), empty for the message itself.
   * @param problem what was wrong, without the path.
   * @param parts internal: the parts of the path, when built by {@link within}.
   */
  constructor(
    path: string,
    /** What was wrong, without the path. */
    readonly problem: string,
    parts: readonly string[] = path ? [path] : [],
  ) {
    const shown = parts.length > MAX_PATH_PARTS ? shorten(parts) : path;
    super(shown ? `${shown}: ${problem}` : problem);
    this.path = shown;
    this.#parts = parts;
  }

  /**
   * A copy of this error with `segment` (a field name, or `[3]` / `["key"]`) prepended to its
   * path. A name joins the index or key after it as one part of the path: `items[3]`.
   */
  within(segment: string): DecodeError {
    const parts = this.#parts;
    let next: string[];
    if (parts.length > 0 && !segment.startsWith('[') && parts[0]!.startsWith('[')) {
      next = parts.slice();
      next[0] = segment + parts[0]!;
    } else {
      next = [segment, ...parts];
    }
    return new DecodeError(join(next, 0, next.length), this.problem, next);
  }
}

/**
 * The error for a value nested deeper than `maxDepth`; the path of where it stopped is added
 * as the error travels up.
 * @internal
 */
export function tooDeep(maxDepth: number): DecodeError {
  return new DecodeError('', `nested deeper than the limit of ${maxDepth} levels (maxDepth)`);
}

/** Joins parts `from` to `to`: a dot before a name, none before `[`. */
function join(parts: readonly string[], from: number, to: number): string {
  if (to - from > MAX_PATH_PARTS) return ''; // shortened by the constructor
  let out = parts[from] ?? '';
  for (let i = from + 1; i < to; i++) out += parts[i]!.startsWith('[') ? parts[i] : `.${parts[i]}`;
  return out;
}

/** The first two parts, how many are left out, and the last part. */
function shorten(parts: readonly string[]): string {
  const last = parts[parts.length - 1]!;
  return `${join(parts, 0, 2)}.…(${parts.length - 3} more)${last.startsWith('[') ? '' : '.'}${last}`;
}
