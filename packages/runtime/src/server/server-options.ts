import type { CallObserver } from '../observer.js';

/** Where a service's requests wait. See docs/semantics.md. */
export type QueueType = 'classic' | 'quorum';

/** Options for a generated `serveX` function (and {@link serve}). */
export interface ServerOptions {
  /** Calls handled at once by this instance (the consumer prefetch). Default 32. */
  concurrency?: number;
  /** Call start and end hooks for metrics and logs. */
  observer?: CallObserver;
  /** Consumes this queue instead of the contract's; clients must be given the same one. */
  queue?: string;
  /** Largest request body accepted, bytes; larger ones get RESOURCE_EXHAUSTED. Default 16 MiB. */
  maxRequestBytes?: number;
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
