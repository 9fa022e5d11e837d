import type { MethodDefinition } from '../service-definition.js';
import type { CallContext } from '../server/handler.js';

/**
 * A call as client interceptors see it, before it is published. One object per call, kept
 * across the attempts a retry interceptor makes.
 */
export interface ClientCall<Req = unknown, Res = unknown> {
  /** Fully qualified service name, for example `calculator.v1.Calculator`. */
  readonly service: string;
  /** The method: `fullName`, `idempotent`, codecs. */
  readonly method: MethodDefinition<Req, Res>;
  readonly request: Req;
  /**
   * The AMQP headers the request is published with: the caller's `CallOptions.headers`, in a
   * copy of this call's own. Add to it before calling `next()` (a W3C `traceparent`, say):
   * string values only, names starting `x-warren-` are reserved.
   */
  readonly headers: Record<string, string>;
  /** The queue the request is published to (the routing key on the default exchange). */
  readonly queue: string;
  /** The deadline the caller set, ms from the start. */
  readonly timeoutMs: number;
  /** When the caller stops waiting, epoch ms. Attempts after the first get what is left of it. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  /** The correlation id of the current attempt; each `next()` after the first gets a new one. */
  readonly correlationId: string;
  /** Attempts so far: 0 before the first `next()`, 1 during the first, and so on. */
  readonly attempt: number;
}

/**
 * Wraps every call a client makes. Call `next()` to send the request (again, for a retry, once
 * the previous attempt has settled: one attempt at a time) and get its reply; throw an
 * `RpcError` to fail the call without sending it; return a value to answer it yourself.
 * `next()` rejects with `RpcError` only.
 *
 * @example
 * ```ts
 * const timing: ClientInterceptor = async (call, next) => {
 *   const start = performance.now();
 *   try { return await next(); }
 *   finally { console.log(call.method.fullName, performance.now() - start); }
 * };
 * ```
 */
export type ClientInterceptor = <Req, Res>(call: ClientCall<Req, Res>, next: () => Promise<Res>) => Promise<Res>;

/** A request as server interceptors see it: decoded, its method known, its handler not run yet. */
export interface ServerCall<Req = unknown, Res = unknown> {
  /** Fully qualified service name. */
  readonly service: string;
  readonly method: MethodDefinition<Req, Res>;
  readonly request: Req;
  /** The request's AMQP headers as they arrived: values may be strings or byte arrays (Buffers). */
  readonly headers: Readonly<Record<string, unknown>>;
  /** What the handler will see: deadline, caller, redelivered, delivery count, signal. */
  readonly context: CallContext;
  /** The queue this server consumes. */
  readonly queue: string;
}

/**
 * Wraps the handling of every request a server answers. Call `next()` to run the
 * authorization hook and the handler and get the handler's reply; throw an `RpcError` to
 * answer with it instead. Anything else thrown answers INTERNAL (and is logged).
 */
export type ServerInterceptor = <Req, Res>(call: ServerCall<Req, Res>, next: () => Promise<Res>) => Promise<Res>;

/**
 * Behaviour around calls, on the client side, the server side or both (tracing, metrics,
 * logging, retries, auth headers). Given as `interceptors` to `connect()` / `memory()` (every
 * client and server on the connection), a client or a server. The first one given is the
 * outermost: it sees the call first and its outcome last. Connection interceptors run
 * outside the client's or server's own. See docs/observability.md.
 */
export interface Interceptor {
  /** Named in error messages and logs. */
  readonly name?: string;
  readonly client?: ClientInterceptor;
  readonly server?: ServerInterceptor;
}
