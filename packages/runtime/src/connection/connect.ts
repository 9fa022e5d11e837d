import { AmqpConnection } from './amqp-connection.js';
import type { ConnectOptions } from './connect-options.js';
import type { Connection } from './connection.js';
import { splitUrlList } from '../redact-url.js';

/**
 * Connects to RabbitMQ. With several URLs (an array, or one string with comma-separated
 * URLs; a comma counts as a separator only before another `scheme://`) warren tries them in turn, and after a connection loss reconnects over the same
 * list with backoff and jitter; clients and servers on the connection recover with it.
 *
 * @example
 * ```ts
 * const conn = await connect(process.env.AMQP_URL ?? 'amqp://localhost');
 * ```
 * @throws RpcError UNAVAILABLE when no URL answers; UNAUTHENTICATED at once when a broker
 * refuses the login (wrong password, unknown user, certificate of no user), PERMISSION_DENIED
 * when the user may not use the vhost: retrying would not help, so neither is retried.
 */
export async function connect(urls: string | readonly string[], options: ConnectOptions = {}): Promise<Connection> {
  const list = typeof urls === 'string' ? splitUrlList(urls) : urls;
  const connection = new AmqpConnection(list, options);
  await connection.start();
  return connection;
}
