import { stderrLogger, type Logger } from '../logger.js';
import type { Interceptor } from '../interceptors/interceptor.js';
import { MemoryBroker } from './memory-broker.js';
import { MemoryConnection } from './memory-connection.js';

/** Options for {@link memory}. */
export interface MemoryOptions {
  /**
   * The broker to connect to. Connections sharing one see the same queues, like processes
   * sharing a RabbitMQ. Default: a new, empty broker for this connection alone.
   */
  broker?: MemoryBroker;
  /** Where warren logs. Default: warnings and errors to stderr. */
  logger?: Logger;
  /** The user the connection is logged in as (requests carry it as `user_id`). Default `guest`. */
  user?: string;
  /** Interceptors for every client and server on this connection, as `ConnectOptions.interceptors`. */
  interceptors?: readonly Interceptor[];
}

/**
 * A connection to an in-memory broker: generated clients and servers run on it unchanged,
 * through the same serializers, with RabbitMQ's semantics where warren relies on them
 * (round robin over shared queues, prefetch, expiration, no-route returns, redelivery,
 * direct reply-to). For tests and demos without RabbitMQ; see docs/testing.md.
 *
 * @example
 * ```ts
 * const conn = memory();
 * const server = await serveCalculator(conn, handlers);
 * const calc = new CalculatorClient(conn);
 * await calc.calculate({ n: 21n }); // { result: 42n }
 * ```
 */
export function memory(options: MemoryOptions = {}): MemoryConnection {
  return new MemoryConnection(options.broker ?? new MemoryBroker(), options.logger ?? stderrLogger, options.user, options.interceptors);
}
