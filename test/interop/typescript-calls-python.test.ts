import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError, type Connection } from '@warren/runtime';
import { PROTOCOL_VERSION } from '@warren/runtime/protocol';
import { CalculatorClient, CalculatorService, EvaluateRequest_Operation as Operation } from '../../generated/calculator.js';
import { deleteQueues, uniqueQueue, withAmqp } from '../support/broker.js';
import type { PythonPeer } from './python-peer.js';
import { pythonSuite } from './python-suite.js';

describe('the generated TypeScript client calls a Python worker', () => {
  let peer: PythonPeer;
  let conn: Connection;
  const cleanups = pythonSuite((p, c) => ((peer = p), (conn = c)));

  /** A Python worker and a TypeScript client on a queue of this test's own. */
  async function setup(options: { delayMs?: number; replyMode?: 'direct' | 'queue' } = {}) {
    const queue = uniqueQueue('py-worker');
    cleanups.push(() => deleteQueues(queue, `${queue}.dead-letter`));
    const worker = await peer.startWorker(queue, options);
    cleanups.push(() => worker.stop());
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000, replyMode: options.replyMode });
    cleanups.push(() => calc.close());
    return { queue, worker, calc };
  }

  it('gets results of both methods, 64-bit integers intact', async () => {
    const { calc } = await setup();
    assert.deepEqual(await calc.calculate({ n: 21n }), { result: 42n });
    assert.deepEqual(await calc.calculate({ n: 2n ** 61n + 1n }), { result: 2n ** 62n + 2n });
    assert.deepEqual(await calc.calculate({ n: -5n }), { result: -10n });
    const reply = await calc.evaluate({
      operation: Operation.OPERATION_MULTIPLY,
      operands: [
        { value: 1.5, label: 'a' },
        { value: 4, label: 'b' },
      ],
    });
    assert.deepEqual(reply, { value: 6, steps: ['1.5 * 4 = 6'] });
  });

  it('gets results through a reply queue of its own too', async () => {
    const { calc } = await setup({ replyMode: 'queue' });
    assert.deepEqual(await calc.calculate({ n: 7n }), { result: 14n });
  });

  it('receives an error the Python handler raised, with its code, message and details', async () => {
    const { calc } = await setup();
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
    await assert.rejects(calc.evaluate({ operation: Operation.OPERATION_ADD, operands: [] }), {
      code: 'INVALID_ARGUMENT',
      message: 'operands: expected at least one operand',
    });
  });

  it('fails with DEADLINE_EXCEEDED when the worker is too slow, and the worker does not answer late', async () => {
    const { calc, worker } = await setup({ delayMs: 1_500 });
    await assert.rejects(calc.calculate({ n: 1n }, { timeoutMs: 300 }), { code: 'DEADLINE_EXCEEDED' });
    // The worker read x-warren-deadline: it finishes the work, sees the deadline passed, and
    // publishes nothing.
    await worker.waitFor((e) => e.event === 'late');
    assert.equal(worker.events.filter((e) => e.event === 'handled').length, 0);
    assert.equal(calc.stats.pending, 0);
  });

  it('dead-letters a request that keeps killing the worker, and the caller gets INTERNAL', async () => {
    const queue = uniqueQueue('py-poison');
    const dead = `${queue}.dead-letter`;
    cleanups.push(() => deleteQueues(queue, dead));
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 120_000 });
    cleanups.push(() => calc.close());
    let call: Promise<unknown> | undefined;
    const events: string[] = [];
    // Each worker dies on n = 13 before acking; the broker redelivers it to the next one,
    // which counts the delivery (x-warren-delivery-count) and republishes it, until the 5th.
    for (let i = 0; i < 8 && !events.includes('dead-lettered'); i++) {
      const worker = await peer.startWorker(queue, { crashOnN: 13n });
      cleanups.push(() => worker.stop());
      call ??= calc.calculate({ n: 13n }).catch((err: unknown) => err);
      const outcome = await Promise.race([worker.exited, worker.waitFor((e) => e.event === 'dead-lettered', 30_000)]);
      if (typeof outcome !== 'object' || outcome === null) assert.equal(outcome, 3, 'the worker died on the poison request');
      await worker.stop();
      events.push(...worker.events.map((e) => (e.event === 'recounted' ? `recounted ${String(e.deliveries)}` : e.event)));
    }
    assert.deepEqual(
      events.filter((e) => e !== 'ready'),
      ['recounted 1', 'recounted 2', 'recounted 3', 'recounted 4', 'dead-lettered'],
    );
    const err = await call;
    assert.ok(err instanceof RpcError);
    assert.equal(err.code, 'INTERNAL');
    assert.match(err.message, /dead-lettered after 5 deliveries/);
    const kept = await withAmqp((ch) => ch.get(dead, { noAck: true }));
    assert.ok(kept, 'the request waits in the dead-letter queue');
    assert.equal(kept.properties.type, CalculatorService.methods.calculate.fullName);
    assert.equal(kept.properties.headers?.['x-warren-delivery-count'], 5);
  });

  describe('a Python worker given bad messages keeps serving', () => {
    async function publishRaw(queue: string, properties: Record<string, unknown>) {
      await withAmqp(async (ch) => {
        ch.sendToQueue(queue, Buffer.from([8, 2]), properties); // CalculateRequest { n: 1 }
      });
    }
    const base = { contentType: 'application/x-protobuf', type: CalculatorService.methods.calculate.fullName };

    it('drops a request without reply_to', async () => {
      const { queue, calc, worker } = await setup();
      await publishRaw(queue, { ...base, correlationId: 'no-reply-to', headers: { 'x-warren-protocol': PROTOCOL_VERSION } });
      await worker.waitFor((e) => e.event === 'dropped');
      assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
    });

    it('skips a request whose x-warren-deadline has passed, without running it', async () => {
      const { queue, calc, worker } = await setup();
      const deadline = String(Date.now() - 1_000);
      await publishRaw(queue, {
        ...base,
        correlationId: 'late-already',
        replyTo: 'warren.nobody',
        headers: { 'x-warren-deadline': deadline, 'x-warren-protocol': PROTOCOL_VERSION },
      });
      const skipped = await worker.waitFor((e) => e.event === 'expired');
      assert.equal(skipped.correlation_id, 'late-already');
      assert.deepEqual(await calc.calculate({ n: 3n }), { result: 6n });
    });
  });
});
