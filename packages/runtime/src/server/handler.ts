import type { RequestOf, ResponseOf, ServiceDefinition } from '../service-definition.js';

/** Who sent a request, as the broker vouches for it. */
export interface CallerIdentity {
  /** The request's `user_id`: the broker user that published it. */
  readonly user: string;
  /**
   * True when the broker checked it: RabbitMQ refuses a publish whose `user_id` is not the
   * publishing connection's user, except for users tagged `impersonator` (docs/security.md).
   */
  readonly vouched: boolean;
}

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** When the caller stops waiting. Work after it is wasted. */
  readonly deadline: Date;
  /** Fires at the deadline, and when the server is closed without waiting for this call. */
  readonly signal: AbortSignal;
  /** Fully qualified method name. */
  readonly method: string;
  readonly correlationId: string;
  /** The request's AMQP headers, as sent (trace context, custom headers). */
  readonly headers: Readonly<Record<string, unknown>>;
  /**
   * True when this request was delivered before (a server died handling it, or on a cluster
   * lost its connection before acking): the handler may be running it a second time, so
   * a handler with side effects can check here. See docs/semantics.md, "At-least-once".
   */
  readonly redelivered: boolean;
  /** Which delivery of the request this is: 1 for the first, 2 for the first redelivery, ... */
  readonly deliveryCount: number;
  /** Who sent the request (its `user_id`), or undefined when it carries none. */
  readonly caller: CallerIdentity | undefined;
}

/** Serves one method: return the reply, or throw an RpcError to choose the caller's error code. */
export type Handler<Req, Res> = (request: Req, context: CallContext) => Promise<Res> | Res;

/**
 * Serves one server-streaming method: yield the responses (typically an `async function*`);
 * throw an RpcError to end the stream with that error after the items already yielded.
 * `context.signal` aborts when the caller cancels, at the deadline, and when the server closes.
 */
export type StreamHandler<Req, Res> = (request: Req, context: CallContext) => AsyncIterable<Res>;

/** One handler per method of a service, by the method's kind; the compiler points at any that is missing. */
export type ServiceHandlers<S extends ServiceDefinition> = {
  [K in keyof S['methods']]: S['methods'][K] extends { readonly kind: 'serverStream' }
    ? StreamHandler<RequestOf<S['methods'][K]>, ResponseOf<S['methods'][K]>>
    : Handler<RequestOf<S['methods'][K]>, ResponseOf<S['methods'][K]>>;
};
