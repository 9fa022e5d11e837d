import type { CallObserver } from '../observer.js';
import type { Interceptor } from '../interceptors/interceptor.js';

/** Per-call options, the last argument of every generated client method. */
export interface CallOptions {
  /**
   * Deadline for this call, ms from now (0 to 2^31 - 1; a fraction is rounded up); overrides
   * the method's and the client's default. Anything else fails the call with INVALID_ARGUMENT.
   */
  timeoutMs?: number;
  /** Cancels the call: it settles at once with CANCELLED. */
  signal?: AbortSignal;
  /**
   * Extra AMQP headers, for example a W3C `traceparent`: string values, names of at most 255
   * bytes, 32 KiB in all. Names starting `x-warren-` are reserved. Anything else fails the
   * call with INVALID_ARGUMENT before it is sent.
   */
  headers?: Record<string, string>;
}

/** Per-stream options of {@link RpcClient.stream}; `timeoutMs` bounds the whole stream. */
export interface StreamOptions extends CallOptions {
  /**
   * The initial flow-control window: how many items the server may send ahead of the consumer
   * (1 to 10 000, default 32). More is granted as half of it is consumed; a consumer that had to
   * wait for an item doubles it, up to 1024 items and 1 MiB of items (docs/streaming.md). A
   * slow consumer's window stays at this.
   */
  credit?: number;
  /** No message at all from the server for this long ends the stream UNAVAILABLE, ms. Default 30 000. */
  idleTimeoutMs?: number;
}

/** How replies reach a client. See docs/semantics.md for the measurements behind the default. */
export type ReplyMode = 'direct' | 'queue';

/** Options for a generated client (and {@link RpcClient}). */
export interface ClientOptions {
  /** Default deadline for calls, ms. Default 30 000. A method's own default wins over it. */
  timeoutMs?: number;
  /**
   * `queue` (default): a reply queue of this client's own, exclusive and auto-delete
   * (`warren.reply.<pid>.<random>.<n>`, a new one on every channel, gone with its channel or
   * connection). Faster in docs/benchmarks.md.
   * `direct`: RabbitMQ's direct reply-to (no queue to declare).
   */
  replyMode?: ReplyMode;
  /**
   * Wrap every call of this client (tracing, logging, retries, headers): the first given is
   * the outermost; they run inside the connection's own. See docs/observability.md.
   */
  interceptors?: readonly Interceptor[];
  /**
   * Call start and end hooks for metrics and logs: an interceptor run innermost, after
   * {@link interceptors} (it sees each attempt a retry interceptor makes).
   */
  observer?: CallObserver;
  /**
   * Sends to this queue instead of the contract's (per-environment prefixes, isolated tests).
   * The servers must be given the same one.
   */
  queue?: string;
  /** Largest reply body accepted, bytes; larger replies fail with RESOURCE_EXHAUSTED. Default 64 MiB. */
  maxReplyBytes?: number;
  /**
   * Deepest nesting of messages (JSON: objects and arrays) a request may be encoded with and a
   * reply decoded with; deeper is INVALID_ARGUMENT (request) or INTERNAL (reply). Default 100,
   * protobuf's own recursion limit.
   */
  maxDepth?: number;
  /**
   * Publisher confirms on requests (default true): a request the broker confirmed is on its
   * queue, and is answered or its caller gets an error by its deadline; a request the broker
   * refused (`basic.nack`: a quorum queue without a leader, a full queue with
   * `x-overflow: reject-publish`) is sent again, up to 3 times, then fails UNAVAILABLE.
   */
  confirm?: boolean;
  /**
   * How long a request may wait for its confirm before the channel is taken for stuck and
   * replaced (its calls then fail or are resent as after a connection loss), ms. Default 5000.
   */
  confirmTimeoutMs?: number;
  /**
   * Stamp requests with `user_id` = the connection's user (default true), an identity the
   * broker vouches for: RabbitMQ refuses a publish whose `user_id` is not the connection's
   * login. Servers see it as `context.caller`. See docs/security.md.
   */
  callerIdentity?: boolean;
}
