// A caller in a process of its own: one call with a long timeout, then close, and nothing
// else. The process must then exit by itself: no timer of warren's may hold it open.
// Usage: node --import tsx test/support/one-call-client.ts <url> <queue> [client|connection]
// `connection` closes only the connection, as many programs do, and leaves the client be.
import { connect, silentLogger } from '@warren/runtime';
import { CalculatorClient } from '../../generated/calculator.js';

const [url = 'amqp://localhost', queue, closes = 'client'] = process.argv.slice(2);
const conn = await connect(url, { logger: silentLogger });
const calc = new CalculatorClient(conn, { queue, timeoutMs: 60_000 });
const { result } = await calc.calculate({ n: 21n });
process.stdout.write(`result ${result}\n`);
if (closes === 'client') await calc.close();
await conn.close();
