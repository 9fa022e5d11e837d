import { checkOneOf, checkQueueName, checkWhole, show } from '../check-option.js';
import { DEFAULT_MAX_DEPTH } from '../codec.js';
import type { CallObserver } from '../observer.js';
import type { Interceptor } from '../interceptors/interceptor.js';
import type { Authorize } from './dispatcher.js';
import { DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADERS } from './header-limits.js';

/** Where a service's requests wait. See docs/semantics.md. */
export type QueueType = 'classic' | 'quorum';

/** Options for a generated `serveX` function (and {@link serve}). */
export interface ServerOptions {
  /** Calls handled at once by this instance (the consumer prefetch), 1 to 65535. Default 32. */
  concurrency?: number;
  /**
   * Wrap the handling of every request (tracing, logging, auth): the first given is the
   * outermost; they run inside the connection's own, after the request decodes and before the
   * `authorize` hook. Requests refused before (bad headers, unknown method, undecodable,
   * expired) do not reach them. See docs/observability.md.
   */
  interceptors?: readonly Interceptor[];
  /**
   * Call start and end hooks for metrics and logs: an interceptor run innermost, after
   * {@link interceptors}, so it sees the requests they see.
   */
  observer?: CallObserver;
  /** Consumes this queue instead of the contract's; clients must be given the same one. */
  queue?: string;
  /** Largest request body accepted, bytes; larger ones get RESOURCE_EXHAUSTED. Default 16 MiB. */
  maxRequestBytes?: number;
  /**
   * Largest request header table accepted, bytes as encoded on the wire; a larger one gets
   * RESOURCE_EXHAUSTED before the body is read. Default 64 KiB (amqplib encodes no larger
   * table; a warren client's own headers are at most 32 KiB). See docs/protocol.md.
   */
  maxHeaderBytes?: number;
  /** Most headers (top-level fields) a request may carry; more get RESOURCE_EXHAUSTED. Default 1000. */
  maxHeaders?: number;
  /**
   * Largest reply body a handler may return, bytes; a larger one is not published, and the
   * caller gets RESOURCE_EXHAUSTED (logged on the server). Default 64 MiB, the client's own limit.
   */
  maxReplyBytes?: number;
  /**
   * Deepest nesting of messages (JSON: objects and arrays) a request may have and a reply may
   * be encoded with; a deeper request gets INVALID_ARGUMENT, a deeper reply INTERNAL. Default
   * 100, protobuf's own recursion limit.
   */
  maxDepth?: number;
  /**
   * Deliveries of one request that end without an answer (its server died) before it is
   * dead-lettered to `<queue>.dead-letter` instead of looping forever. Default 5.
   */
  maxDeliveries?: number;
  /**
   * `classic` (default): a durable classic queue; deliveries are counted in a header.
   * `quorum`: a replicated quorum queue; the broker counts deliveries (`x-delivery-limit`).
   * All instances of a service must agree: RabbitMQ refuses to redeclare a queue differently.
   */
  queueType?: QueueType;
  /**
   * Refuse requests without a caller identity (`user_id`) with UNAUTHENTICATED, before their
   * body is read. Default false. See docs/security.md.
   */
  requireCallerIdentity?: boolean;
  /**
   * Decides per call whether the caller may call the method (after the request decodes,
   * before the handler runs). `false` answers PERMISSION_DENIED naming the method, never the
   * policy; a hook that throws answers INTERNAL. Runs on every call: keep it cheap or cache.
   */
  authorize?: Authorize;
}

/** Options for {@link Server.close}. */
export interface CloseOptions {
  /** How long in-flight calls may take to finish, ms; then their signals abort. Default 30 000. */
  timeoutMs?: number;
}

/** @internal The default of {@link ServerOptions.maxRequestBytes}. */
export const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
/** @internal The default of {@link ServerOptions.maxReplyBytes}. */
export const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** @internal Throws a TypeError naming the first option that is out of range. */
export function checkServerOptions(options: ServerOptions): void {
  checkWhole(options.concurrency, 'ServerOptions.concurrency', 1, 65_535, 32); // basic.qos takes a 16-bit count
  checkQueueName(options.queue, 'ServerOptions.queue');
  checkWhole(options.maxRequestBytes, 'ServerOptions.maxRequestBytes', 0, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_REQUEST_BYTES);
  checkWhole(options.maxHeaderBytes, 'ServerOptions.maxHeaderBytes', 0, 2 ** 32 - 1, DEFAULT_MAX_HEADER_BYTES); // a table's length is 32 bits
  checkWhole(options.maxHeaders, 'ServerOptions.maxHeaders', 0, 2 ** 32 - 1, DEFAULT_MAX_HEADERS);
  checkWhole(options.maxReplyBytes, 'ServerOptions.maxReplyBytes', 0, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_REPLY_BYTES);
  checkWhole(options.maxDepth, 'ServerOptions.maxDepth', 1, 1_000, DEFAULT_MAX_DEPTH);
  checkWhole(options.maxDeliveries, 'ServerOptions.maxDeliveries', 1, 1_000, 5);
  checkOneOf(options.queueType, 'ServerOptions.queueType', ['classic', 'quorum']);
  if (options.requireCallerIdentity !== undefined && typeof options.requireCallerIdentity !== 'boolean') {
    throw new TypeError(`ServerOptions.requireCallerIdentity: expected true or false; got ${show(options.requireCallerIdentity)}`);
  }
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw new TypeError(`ServerOptions.authorize: expected a function (caller, method, request) => boolean; got ${show(options.authorize)}`);
  }
}
