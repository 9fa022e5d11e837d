import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError, silentLogger, type CallInfo, type CallOutcome, type Connection } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { calculatorFixture } from '../support/calculator-fixture.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';
import { recordingConnection, replyBeforeAckViolations } from '../support/recording-connection.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server', () => {
  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const f = await calculatorFixture({
      server: { concurrency: 4 },
      handlers: {
        async calculate(req) {
          peak = Math.max(peak, ++running);
          await sleep(20);
          running--;
          return { result: req.n };
        },
      },
    });
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => f.calc.calculate({ n: BigInt(i) })));
      assert.equal(peak, 4);
    } finally {
      await f.close();
    }
  });

  it('a call that never finishes does not hold back the acks of the others (acks are batched)', async () => {
    // Prefetch 4: if the answered calls behind the stuck one stayed unacked, the window would
    // fill after three of them and the rest would never be delivered.
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const f = await calculatorFixture({
      server: { concurrency: 4 },
      handlers: {
        async calculate(req) {
          if (req.n === 0n) await stuck;
          return { result: req.n };
        },
      },
    });
    try {
      const slow = f.calc.calculate({ n: 0n }, { timeoutMs: 20_000 });
      await sleep(50);
      const fast = await Promise.all(Array.from({ length: 30 }, (_, i) => f.calc.calculate({ n: BigInt(i + 1) }, { timeoutMs: 10_000 })));
      assert.deepEqual(fast.map((r) => r.result), Array.from({ length: 30 }, (_, i) => BigInt(i + 1)));
      release();
      assert.deepEqual(await slow, { result: 0n });
    } finally {
      await f.close();
    }
  });

  it('close() stops consuming, answers the calls in flight, then closes', async () => {
    const f = await calculatorFixture({
      handlers: {
        async calculate(req) {
          await sleep(300);
          return { result: req.n * 2n };
        },
      },
    });
    try {
      const calls = [1n, 2n, 3n].map((n) => f.calc.calculate({ n }));
      await sleep(100); // all three are in the handler now
      assert.equal(f.server.stats.inFlight, 3);
      await f.server.close();
      assert.deepEqual((await Promise.all(calls)).map((r) => r.result), [2n, 4n, 6n]);
      const consumers = await withAmqp(async (ch) => (await ch.checkQueue(f.queue)).consumerCount);
      assert.equal(consumers, 0);
      // A call made now waits in the queue for the next instance, which answers it.
      const waiting = f.calc.calculate({ n: 5n });
      await sleep(100);
      const next = await serveCalculator(f.serverConn, calculatorHandlers, { queue: f.queue });
      assert.deepEqual(await waiting, { result: 10n });
      await next.close();
    } finally {
      await f.close();
    }
  });

  it('close() with a timeout aborts the handlers still running and requeues their requests', async () => {
    let aborted = 0;
    const f = await calculatorFixture({
      handlers: {
        calculate: (req, ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener('abort', () => aborted++);
            if (req.n === 0n) resolve({ result: 0n }); // never for n = 1
          }),
      },
    });
    try {
      const call = f.calc.calculate({ n: 1n }, { timeoutMs: 3_000 });
      await sleep(100);
      await f.server.close({ timeoutMs: 100 });
      assert.equal(aborted, 1);
      const next = await serveCalculator(f.serverConn, calculatorHandlers, { queue: f.queue });
      assert.deepEqual(await call, { result: 2n }, 'answered by the next instance');
      await next.close();
    } finally {
      await f.close();
    }
  });

  it('observers see every call start and end with method, duration and code, on both sides', async () => {
    const client: CallOutcome[] = [];
    const server: CallOutcome[] = [];
    const started: string[] = [];
    const f = await calculatorFixture({
      client: { observer: { onCallStart: (c) => started.push(c.method), onCallEnd: (c) => client.push(c) } },
      server: { observer: { onCallEnd: (c) => server.push(c) } },
    });
    try {
      await f.calc.calculate({ n: 1n });
      await f.calc.evaluate({ operation: 4, operands: [{ value: 1, label: '' }, { value: 0, label: 'z' }] }).catch(() => undefined);
      await sleep(50);
      assert.deepEqual(started, ['calculator.v1.Calculator.Calculate', 'calculator.v1.Calculator.Evaluate']);
      assert.deepEqual(client.map((c) => [c.method, c.code]), [
        ['calculator.v1.Calculator.Calculate', 'OK'],
        ['calculator.v1.Calculator.Evaluate', 'OUT_OF_RANGE'],
      ]);
      assert.deepEqual(server.map((c) => [c.method, c.code]), client.map((c) => [c.method, c.code]));
      assert.equal(server[0]!.correlationId, client[0]!.correlationId);
      for (const c of [...client, ...server]) assert.ok(c.durationMs >= 0 && c.durationMs < 5_000);
    } finally {
      await f.close();
    }
  });

  it('an observer that throws does not break the call', async () => {
    const f = await calculatorFixture({
      client: { observer: { onCallEnd: () => { throw new Error('metrics down'); } } },
    });
    try {
      assert.deepEqual(await f.calc.calculate({ n: 4n }), { result: 8n });
    } finally {
      await f.close();
    }
  });

  it("the server's onCallStart sees each call before its handler runs, with the caller's correlation id", async () => {
    const events: string[] = [];
    const serverStarts: CallInfo[] = [];
    const clientStarts: CallInfo[] = [];
    const f = await calculatorFixture({
      client: { observer: { onCallStart: (c) => clientStarts.push(c) } },
      server: { observer: { onCallStart: (c) => (serverStarts.push(c), events.push(`start ${c.method}`)) } },
      handlers: {
        calculate(req) {
          events.push('handler');
          return { result: req.n };
        },
      },
    });
    try {
      await f.calc.calculate({ n: 1n });
      await f.calc.evaluate({ operation: 1, operands: [{ value: 1, label: '' }] });
      assert.deepEqual(events, ['start calculator.v1.Calculator.Calculate', 'handler', 'start calculator.v1.Calculator.Evaluate']);
      assert.deepEqual(serverStarts, clientStarts.map((c) => ({ ...c })), 'same service, method and correlation id on both sides');
    } finally {
      await f.close();
    }
  });

  it('a server observer that throws (start and end) breaks neither the call nor the server', async () => {
    const boom = () => {
      throw new Error('metrics down');
    };
    const f = await calculatorFixture({
      client: { timeoutMs: 2_000 },
      server: { observer: { onCallStart: boom, onCallEnd: boom } },
    });
    try {
      assert.deepEqual(await f.calc.calculate({ n: 4n }), { result: 8n });
      await assert.rejects(f.calc.evaluate({ operation: 4, operands: [{ value: 1, label: '' }, { value: 0, label: '' }] }), (e: unknown) =>
        RpcError.is(e, 'OUT_OF_RANGE'),
      );
      assert.deepEqual(await f.calc.calculate({ n: 5n }), { result: 10n }, 'still serving');
    } finally {
      await f.close();
    }
  });

  const brokers = [['rabbitmq', 'queue'], ['rabbitmq', 'direct'], ['memory', 'queue'], ['memory', 'direct']] as const;
  for (const [broker, replyMode] of brokers) {
    it(`${broker}, ${replyMode} replies: each request's reply is published before the request is acked (ack after reply)`, async () => {
      // The server's channel calls are recorded in order. A server that acked first and died
      // before replying would lose the call: RabbitMQ redelivers only unacked requests.
      let serverConn: Connection;
      let clientConn: Connection;
      if (broker === 'memory') {
        const m = memory({ logger: silentLogger });
        serverConn = m;
        clientConn = memory({ broker: m.broker, logger: silentLogger });
      } else {
        [serverConn, clientConn] = await Promise.all([testConnection(), testConnection()]);
      }
      const queue = uniqueQueue('ackorder');
      const recorded = recordingConnection(serverConn);
      const server = await serveCalculator(
        recorded.conn,
        {
          ...calculatorHandlers,
          calculate(req) {
            const n = Number(req.n);
            if (n % 7 === 0) throw new RpcError('NOT_FOUND', 'no such n'); // error replies too
            if (n % 3 === 0) return { result: req.n * 2n }; // answered in the same turn
            return sleep(n % 5).then(() => ({ result: req.n * 2n }));
          },
        },
        { queue },
      );
      const calc = new CalculatorClient(clientConn, { queue, replyMode, timeoutMs: 10_000 });
      try {
        const call = (n: number) => calc.calculate({ n: BigInt(n) }).then((r) => r.result, (e: unknown) => (e as RpcError).code);
        const expect = (n: number) => (n % 7 === 0 ? 'NOT_FOUND' : BigInt(n) * 2n);
        // One at a time (a lone request is acked at once, in the turn of its reply)...
        for (let n = 1; n <= 12; n++) assert.equal(await call(n), expect(n));
        // ...then many at once (acks batched at the end of a turn, or one by one behind a slow call).
        const ns = Array.from({ length: 80 }, (_, i) => i + 13);
        assert.deepEqual(await Promise.all(ns.map(call)), ns.map(expect));
        for (let i = 0; i < 100 && server.stats.inFlight > 0; i++) await sleep(10);
        await sleep(20); // acks still batched for the end of the turn
        const delivered = recorded.ops.filter((o) => o.op === 'deliver').length;
        assert.equal(delivered, 92);
        assert.deepEqual(replyBeforeAckViolations(recorded.ops), []);
      } finally {
        await calc.close();
        await server.close({ timeoutMs: 1_000 });
        await Promise.all([clientConn.close(), serverConn.close()]);
        if (broker === 'rabbitmq') await deleteQueues(queue, `${queue}.dead-letter`);
      }
    });
  }

  it('two servers share one queue and both answer', async () => {
    const queue = uniqueQueue('shared');
    const [a, b, c] = await Promise.all([testConnection(), testConnection(), testConnection()]);
    const seen = { a: 0, b: 0 };
    const slow = (key: 'a' | 'b') => ({
      ...calculatorHandlers,
      async calculate(req: { n: bigint }) {
        seen[key]++;
        await sleep(10);
        return { result: req.n };
      },
    });
    const s1 = await serveCalculator(a, slow('a'), { queue, concurrency: 2 });
    const s2 = await serveCalculator(b, slow('b'), { queue, concurrency: 2 });
    const calc = new CalculatorClient(c, { queue });
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => calc.calculate({ n: BigInt(i) })));
      assert.ok(seen.a > 5 && seen.b > 5, `a=${seen.a} b=${seen.b}`);
    } finally {
      await calc.close();
      await Promise.all([s1.close(), s2.close()]);
      await Promise.all([a.close(), b.close(), c.close()]);
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });
});
