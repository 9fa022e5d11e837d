/**
 * The fixed set of status codes a call can end with, modelled on gRPC's.
 * On the wire a reply carries the code's name (for example `"DEADLINE_EXCEEDED"`)
 * in its `x-warren-status` header; see docs/protocol.md.
 */
export const StatusCode = {
  /** The call succeeded. Never carried by an {@link RpcError}. */
  OK: 'OK',
  /** The caller cancelled the call (its AbortSignal fired). */
  CANCELLED: 'CANCELLED',
  /** An error nobody classified; prefer a specific code. */
  UNKNOWN: 'UNKNOWN',
  /** The request is malformed or fails validation; retrying it will not help. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The deadline passed before a reply arrived. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  /** A requested entity does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** The entity the call would create exists already. */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** The caller may not do this. */
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  /** A quota or a buffer is exhausted (for example: the message is too large). */
  RESOURCE_EXHAUSTED: 'RESOURCE_EXHAUSTED',
  /** The system is not in the state the call needs. */
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  /** The call was aborted, typically by a concurrency conflict. */
  ABORTED: 'ABORTED',
  /** A value is outside the range the service accepts. */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** The server does not implement this method. */
  UNIMPLEMENTED: 'UNIMPLEMENTED',
  /** An invariant broke inside the server; details stay on the server. */
  INTERNAL: 'INTERNAL',
  /** The service cannot be reached now (no route, connection lost); retrying may help. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** Data was lost or corrupted. */
  DATA_LOSS: 'DATA_LOSS',
  /** The caller is not authenticated. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
} as const;

/** A status code name, `'OK'` included. */
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** A status code that an error can carry: every code but `'OK'`. */
export type ErrorCode = Exclude<StatusCode, 'OK'>;

const codes: ReadonlySet<string> = new Set(Object.values(StatusCode));

/** True when `value` names a status code of the fixed set. */
export function isStatusCode(value: unknown): value is StatusCode {
  return typeof value === 'string' && codes.has(value);
}
