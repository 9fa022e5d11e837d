import { checkOneOf, checkQueueName, checkWhole } from '../check-option.js';
import { DEFAULT_MAX_DEPTH } from '../codec.js';
import type { CallObserver } from '../observer.js';

/** Where a service's requests wait. See docs/semantics.md. */
export type QueueType = 'classic' | 'quorum';

/** Options for a generated `serveX` function (and {@link serve}). */
export interface ServerOptions {
  /** Calls handled at once by this instance (the consumer prefetch), 1 to 65535. Default 32. */
  concurrency?: number;
  /** Call start and end hooks for metrics and logs. */
  observer?: CallObserver;
  /** Consumes this queue instead of the contract's; clients must be given the same one. */
  queue?: string;
  /** Largest request body accepted, bytes; larger ones get RESOURCE_EXHAUSTED. Default 16 MiB. */
  maxRequestBytes?: number;
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
}

/** Options for {@link Server.close}. */
export interface CloseOptions {
  /** How long in-flight calls may take to finish, ms; then their signals abort. Default 30 000. */
  timeoutMs?: number;
}

/** @internal The default of {@link ServerOptions.maxRequestBytes}. */
export const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** @internal Throws a TypeError naming the first option that is out of range. */
export function checkServerOptions(options: ServerOptions): void {
  checkWhole(options.concurrency, 'ServerOptions.concurrency', 1, 65_535, 32); // basic.qos takes a 16-bit count
  checkQueueName(options.queue, 'ServerOptions.queue');
  checkWhole(options.maxRequestBytes, 'ServerOptions.maxRequestBytes', 0, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_REQUEST_BYTES);
  checkWhole(options.maxDepth, 'ServerOptions.maxDepth', 1, 1_000, DEFAULT_MAX_DEPTH);
  checkWhole(options.maxDeliveries, 'ServerOptions.maxDeliveries', 1, 1_000, 5);
  checkOneOf(options.queueType, 'ServerOptions.queueType', ['classic', 'quorum']);
}
