/**
 * Each request carries exactly its own call's headers (and the deadline): the client reuses
 * one headers object between publishes (docs/architecture.md, request-properties.ts), so no
 * value, name or injected header of one call may reach another. Over RabbitMQ, as the handler
 * sees them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';

describe('request headers', () => {
  it('are each call\'s own, whatever the calls before it sent', async () => {
    const queue = uniqueQueue('req-headers');
    const conn = await testConnection();
    const seen: Record<string, unknown>[] = [];
    const server = await serveCalculator(
      conn,
      { ...calculatorHandlers, calculate: (req, ctx) => (seen.push({ ...ctx.headers }), { result: req.n }) },
      { queue },
    );
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
    try {
      const sent: (Record<string, string> | undefined)[] = [
        { a: '1' },
        { a: '2' }, // same name, another value
        { a: '3', b: '4' }, // one more
        { b: '5', a: '6' }, // same names, other order
        undefined, // none
        {},
        { a: '7' },
        undefined,
      ];
      for (const [i, headers] of sent.entries()) await calc.calculate({ n: BigInt(i) }, headers ? { headers } : {});
      const own = seen.map((h) => Object.fromEntries(Object.entries(h).filter(([name]) => name !== 'x-warren-deadline')));
      assert.deepEqual(own, sent.map((h) => h ?? {}));
      for (const h of seen) assert.match(String(h['x-warren-deadline']), /^\d+$/);
    } finally {
      await calc.close();
      await server.close();
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });
});
