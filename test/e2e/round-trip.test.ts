import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcError, type Connection, type Server } from '@warren/runtime';
import {
  CalculatorClient,
  EvaluateRequest_Operation as Operation,
  serveCalculator,
} from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';

describe('a generated client calls a generated server through RabbitMQ', () => {
  const queue = uniqueQueue('calc');
  let serverConn: Connection;
  let clientConn: Connection;
  let server: Server;
  let calc: CalculatorClient;

  before(async () => {
    serverConn = await testConnection();
    clientConn = await testConnection();
    server = await serveCalculator(serverConn, calculatorHandlers, { queue, concurrency: 64 });
    calc = new CalculatorClient(clientConn, { queue, timeoutMs: 5_000 });
  });

  after(async () => {
    await calc.close();
    await server.close();
    await clientConn.close();
    await serverConn.close();
    await deleteQueues(queue, `${queue}.dead-letter`);
  });

  it('round-trips a typed call', async () => {
    const reply = await calc.calculate({ n: 21n });
    assert.deepEqual(reply, { result: 42n });
  });

  it('carries 64-bit integers without losing precision', async () => {
    const reply = await calc.calculate({ n: 2n ** 61n + 1n });
    assert.equal(reply.result, 2n ** 62n + 2n);
  });

  it('round-trips nested messages, enums and repeated fields', async () => {
    const reply = await calc.evaluate({
      operation: Operation.OPERATION_MULTIPLY,
      operands: [
        { value: 1.5, label: 'a' },
        { value: 4, label: 'b' },
      ],
    });
    assert.deepEqual(reply, { value: 6, steps: ['1.5 * 4 = 6'] });
  });

  it('gives each of 200 concurrent calls its own reply', async () => {
    const ns = Array.from({ length: 200 }, (_, i) => BigInt(i));
    const replies = await Promise.all(ns.map((n) => calc.calculate({ n })));
    assert.deepEqual(
      replies.map((r) => r.result),
      ns.map((n) => n * 2n),
    );
    assert.equal(calc.stats.pending, 0);
  });

  it('delivers a handler error to the caller with its code, message and details', async () => {
    const call = calc.evaluate({
      operation: Operation.OPERATION_DIVIDE,
      operands: [
        { value: 1, label: 'one' },
        { value: 0, label: 'zero' },
      ],
    });
    await assert.rejects(call, (err: unknown) => {
      assert.ok(err instanceof RpcError);
      assert.equal(err.code, 'OUT_OF_RANGE');
      assert.equal(err.message, 'division by zero at operand "zero"');
      assert.deepEqual(err.details, { label: 'zero' });
      return true;
    });
  });
});

describe('a call nobody serves', () => {
  it('fails with DEADLINE_EXCEEDED at its deadline when the queue exists but has no consumer', async () => {
    const queue = uniqueQueue('idle');
    await withAmqp((ch) => ch.assertQueue(queue, { durable: true }));
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue });
    try {
      const started = Date.now();
      await assert.rejects(calc.calculate({ n: 1n }, { timeoutMs: 300 }), (err: unknown) => {
        assert.ok(RpcError.is(err, 'DEADLINE_EXCEEDED'), String(err));
        return true;
      });
      const waited = Date.now() - started;
      assert.ok(waited >= 290 && waited < 2_000, `settled after ${waited} ms`);
      assert.equal(calc.stats.pending, 0);
    } finally {
      await calc.close();
      await conn.close();
      await deleteQueues(queue);
    }
  });
});
