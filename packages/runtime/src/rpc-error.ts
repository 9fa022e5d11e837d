import { isStatusCode, StatusCode, type ErrorCode } from './status-code.js';
import { asBuffer } from './as-buffer.js';

/** Structured, JSON-serialisable extra information attached to an error. */
export type ErrorDetails = Record<string, unknown>;

/**
 * The one error type a warren call rejects with, and the one a handler throws to choose
 * the code the caller sees. Any other exception thrown by a handler reaches the caller as
 * `INTERNAL` with a generic message; its stack stays on the server.
 *
 * @example
 * ```ts
 * throw new RpcError('NOT_FOUND', `no user ${req.id}`, { id: req.id });
 * ```
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';

  constructor(
    /** Why the call failed, from the fixed set in {@link StatusCode}. */
    readonly code: ErrorCode,
    message: string,
    /** Optional structured details, sent to the caller as JSON. */
    readonly details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when `err` is an {@link RpcError}, optionally with the given code. */
  static is(err: unknown, code?: ErrorCode): err is RpcError {
    return err instanceof RpcError && (code === undefined || err.code === code);
  }
}

/** The JSON body of an error reply on the wire. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

/** Serialises an error for an error reply. Non-RpcErrors become INTERNAL without internals. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof RpcError) {
    const body: ErrorBody = { code: err.code, message: err.message };
    if (err.details !== undefined) body.details = err.details;
    return body;
  }
  return { code: StatusCode.INTERNAL, message: 'internal error' };
}

/**
 * Reads an error reply. The body comes from another process, so its shape is checked
 * rather than trusted; a malformed body still yields an RpcError, never a crash.
 */
export function fromErrorReply(status: string | undefined, body: Uint8Array): RpcError {
  const fallback: ErrorCode =
    isStatusCode(status) && status !== 'OK' ? status : StatusCode.UNKNOWN;
  let parsed: unknown;
  try {
    parsed = JSON.parse(asBuffer(body).toString('utf8'));
  } catch {
    return new RpcError(fallback, `server replied ${status ?? 'without a status'} with an unreadable error body`);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return new RpcError(fallback, `server replied ${status ?? 'without a status'} with a non-object error body`);
  }
  const { code, message, details } = parsed as Record<string, unknown>;
  const finalCode = isStatusCode(code) && code !== 'OK' ? code : fallback;
  const finalMessage = typeof message === 'string' ? message : `server replied ${finalCode}`;
  const finalDetails =
    typeof details === 'object' && details !== null && !Array.isArray(details)
      ? (details as ErrorDetails)
      : undefined;
  return new RpcError(finalCode, finalMessage, finalDetails);
}
