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
      // Counted, not put in a Set (which would hide duplicates): each worker ran each request
      // at most once, and together they ran every one. A request both ran is one the killed
      // worker answered but had not acked yet: RabbitMQ redelivered it (at-least-once), so it
      // can only be among the last requests the killed worker took, at most its prefetch (32).
      const counts = (list: bigint[]) => list.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<bigint, number>());
      const [byA, byB] = [counts(a.handled), counts(b.handled)];
      for (const [worker, byN] of [['killed', byA], ['survivor', byB]] as const) {
        const twice = [...byN].filter(([, c]) => c > 1).map(([n]) => n);
        assert.deepEqual(twice, [], `the ${worker} worker ran these requests more than once`);
      }
      assert.deepEqual(ns.filter((n) => !byA.has(n) && !byB.has(n)), [], 'requests nobody ran');
      const both = ns.filter((n) => byA.has(n) && byB.has(n));
      const lastOfA = new Set(a.handled.slice(-32));
      assert.deepEqual(both.filter((n) => !lastOfA.has(n)), [], 'ran twice though the killed worker had acked it long before');
      assert.equal(a.handled.length + b.handled.length, 400 + both.length);
      assert.ok(calc.stats.duplicateReplies <= both.length, `${calc.stats.duplicateReplies} duplicate replies, ${both.length} requests ran twice`);
    } finally {
      a.kill();
      b.kill();
      await calc.close();
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });

  it('a server killed between replying and acking: the caller has its reply and the request is left for another server', { timeout: 60_000 }, async () => {
    // docs/semantics.md, "Ack after reply": the worker lets its first reply-or-ack through,
    // swallows the rest and dies. Reply first: the caller is answered, and the unacked request
    // is redelivered to the next server. Ack first: the request is gone and the caller waits
    // out its deadline.
    const queue = uniqueQueue('between');
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 8_000 });
    const a = await startWorker(AMQP_URL, queue, { crashBetweenSteps: true });
    let b: ChildWorker | undefined;
    try {
      const call = calc.calculate({ n: 7n }).catch((err: unknown) => err);
      assert.equal(await a.exited, null, 'killed');
      assert.deepEqual(await call, { result: 14n }, 'the caller has the reply published before the crash');
      assert.deepEqual(a.lines.filter((l) => l.startsWith('first ')), ['first publish'], 'the reply went out before any ack');
      b = await startWorker(AMQP_URL, queue);
      for (let i = 0; i < 200 && b.handled.length === 0; i++) await sleep(25);
      assert.deepEqual(b.handled, [7n], 'the request was never acked, so RabbitMQ redelivered it to the next server');
    } finally {
      a.kill();
      b?.kill();
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
