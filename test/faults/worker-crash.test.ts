import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { CalculatorClient } from '../../generated/calculator.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';
import { startWorker, type ChildWorker } from '../support/child-worker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a server process dies', () => {
  it('kill -9 of one of two servers under load: its unacked requests are answered by the other', { timeout: 120_000 }, async () => {
    const queue = uniqueQueue('kill');
    const a = await startWorker(AMQP_URL, queue, { slowMs: 200 });
    const b = await startWorker(AMQP_URL, queue, { slowMs: 200 });
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 30_000 });
    try {
      const ns = Array.from({ length: 400 }, (_, i) => BigInt(i + 1));
      const calls = Promise.allSettled(ns.map((n) => calc.calculate({ n })));
      while (a.handled.length < 10) await sleep(10);
      a.kill('SIGKILL');
      await a.exited;
      const results = await calls;
      const failed = results.filter((r) => r.status === 'rejected');
      assert.deepEqual(failed, [], 'every call answered');
      assert.deepEqual(results.map((r) => (r as PromiseFulfilledResult<{ result: bigint }>).value.result), ns.map((n) => n * 2n));
      assert.ok(a.handled.length < 400, `the killed worker answered ${a.handled.length}`);
      // Every call was answered by exactly one of them, and the survivor answered all the rest.
      const answered = new Set([...a.handled, ...b.handled]);
      assert.equal(answered.size, 400);
    } finally {
      a.kill();
      b.kill();
      await calc.close();
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });

  for (const queueType of ['classic', 'quorum'] as const) {
    it(`${queueType} queue: a poison request that kills every server is dead-lettered after maxDeliveries, and its caller told`, { timeout: 120_000 }, async () => {
      const queue = uniqueQueue('poison');
      const maxDeliveries = 3;
      const conn = await testConnection();
      const calc = new CalculatorClient(conn, { queue, timeoutMs: 60_000 });
      let worker: ChildWorker | undefined;
      let crashes = 0;
      let stopped = false;
      // A supervisor, as systemd or Kubernetes would be: restart the worker whenever it dies.
      const supervise = async () => {
        while (!stopped) {
          try {
            worker = await startWorker(AMQP_URL, queue, { maxDeliveries, queueType });
          } catch {
            crashes++; // killed by a redelivered poison request before it said it was ready
            continue;
          }
          const code = await worker.exited;
          if (!stopped && code === null) crashes++;
        }
      };
      const supervisor = supervise();
      try {
        while (!worker) await sleep(10);
        const poison = calc.calculate({ n: 666n });
        await assert.rejects(poison, (err: unknown) => {
          assert.ok(RpcError.is(err, 'INTERNAL'), String(err));
          assert.match(err.message, /dead-lettered after 3 deliveries/);
          return true;
        });
        assert.equal(crashes, maxDeliveries);
        const dead = await withAmqp(async (ch) => ch.get(`${queue}.dead-letter`, { noAck: true }));
        assert.ok(dead, 'the request is in the dead-letter queue');
        assert.equal(dead.properties.headers?.['x-warren-delivery-count'], maxDeliveries);
        assert.equal(dead.properties.type, 'calculator.v1.Calculator.Calculate');
        // The worker that dead-lettered it is healthy and serves normal calls.
        assert.deepEqual(await calc.calculate({ n: 4n }), { result: 8n });
      } finally {
        stopped = true;
        worker?.kill();
        await supervisor;
        await calc.close();
        await conn.close();
        await deleteQueues(queue, `${queue}.dead-letter`);
      }
    });
  }
});
