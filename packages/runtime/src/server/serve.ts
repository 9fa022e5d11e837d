import type { Connection } from '../connection/connection.js';
import type { ServiceDefinition } from '../service-definition.js';
import type { ServiceHandlers } from './handler.js';
import { Server } from './server.js';
import type { ServerOptions } from './server-options.js';

/**
 * Serves `service` with `handlers` on `conn`: declares the service's durable queue, consumes
 * it with bounded concurrency and answers every call. Generated `serveX` functions call this.
 *
 * @returns the running server; `await server.close()` drains it.
 */
export async function serve<S extends ServiceDefinition>(
  conn: Connection,
  service: S,
  handlers: ServiceHandlers<S>,
  options: ServerOptions = {},
): Promise<Server> {
  const server = new Server(conn, service, handlers, options);
  try {
    await server.start();
  } catch (err) {
    await server.close({ timeoutMs: 0 });
    throw err;
  }
  return server;
}
