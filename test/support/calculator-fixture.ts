import type { ClientOptions, Connection, Server, ServerOptions } from '@warren/runtime';
import { CalculatorClient, serveCalculator, type CalculatorHandlers } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from './broker.js';

/** A calculator server and client on a queue of their own, each on its own connection. */
export interface CalculatorFixture {
  readonly queue: string;
  readonly calc: CalculatorClient;
  readonly server: Server;
  readonly clientConn: Connection;
  readonly serverConn: Connection;
  /** Closes everything and deletes the queues. */
  close(): Promise<void>;
}

export async function calculatorFixture(
  options: { handlers?: Partial<CalculatorHandlers>; server?: ServerOptions; client?: ClientOptions; url?: string } = {},
): Promise<CalculatorFixture> {
  const queue = uniqueQueue('calc');
  const serverConn = await testConnection({}, options.url);
  const clientConn = await testConnection({}, options.url);
  const server = await serveCalculator(serverConn, { ...calculatorHandlers, ...options.handlers }, { queue, ...options.server });
  const calc = new CalculatorClient(clientConn, { queue, timeoutMs: 5_000, ...options.client });
  return {
    queue,
    calc,
    server,
    clientConn,
    serverConn,
    async close() {
      await calc.close();
      await server.close({ timeoutMs: 1_000 });
      await clientConn.close();
      await serverConn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    },
  };
}
