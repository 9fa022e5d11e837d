/**
 * A handler's reply over the server's maxReplyBytes is not published (issue 19.4): the caller
 * gets RESOURCE_EXHAUSTED naming the sizes, and the server serves on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError, silentLogger, type Connection } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CalculatorClient, EvaluateRequest_Operation, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';

for (const where of ['rabbitmq', 'memory'] as const) {
  describe(`the server's reply limit on ${where}`, () => {
    it('a reply over maxReplyBytes is RESOURCE_EXHAUSTED for the caller; the server serves on', async () => {
      const queue = uniqueQueue('reply-size');
      const conn: Connection = where === 'rabbitmq' ? await testConnection() : memory({ logger: silentLogger });
      // An evaluate that echoes its operands' labels as steps: the reply grows with the request.
      const echo = { ...calculatorHandlers, evaluate: (req: { operands: { label: string }[] }) => ({ value: 0, steps: req.operands.map((o) => o.label) }) };
      const server = await serveCalculator(conn, echo, { queue, maxReplyBytes: 200 });
      const calc = new CalculatorClient(conn, { queue });
      try {
        const ask = (label: string) => calc.evaluate({ operation: EvaluateRequest_Operation.OPERATION_ADD, operands: [{ value: 1, label }] });
        await assert.rejects(ask('x'.repeat(300)), (err: unknown) => {
          assert.ok(RpcError.is(err, 'RESOURCE_EXHAUSTED'), String(err));
          assert.match(err.message, /reply of \d+ bytes exceeds the server's limit of 200/);
          return true;
        });
        const { steps } = await ask('ok');
        assert.deepEqual(steps, ['ok']);
        assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
      } finally {
        await calc.close();
        await server.close({ timeoutMs: 1_000 });
        await conn.close();
        if (where === 'rabbitmq') await deleteQueues(queue, `${queue}.dead-letter`);
      }
    });
  });
}
