import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '@warren/runtime';
import { serveCalculator, type CalculatorHandlers } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, uniqueQueue, withAmqp } from '../support/broker.js';
import type { PythonPeer } from './python-peer.js';
import { pythonSuite } from './python-suite.js';

describe('a Python caller calls a warren TypeScript server', () => {
  let peer: PythonPeer;
  let conn: Connection;
  const cleanups = pythonSuite((p, c) => ((peer = p), (conn = c)));

  /** A queue of this test's own, deleted afterwards. */
  function ownQueue(): string {
    const queue = uniqueQueue('py-caller');
    cleanups.push(() => deleteQueues(queue, `${queue}.dead-letter`));
    return queue;
  }

  async function setup(handlers: CalculatorHandlers = calculatorHandlers) {
    const queue = ownQueue();
    const server = await serveCalculator(conn, handlers, { queue });
    cleanups.push(() => server.close({ timeoutMs: 2_000 }));
    return { queue, server };
  }

  const divideByZero = JSON.stringify({
    operation: 'OPERATION_DIVIDE',
    operands: [
      { value: 1, label: 'one' },
      { value: 0, label: 'zero' },
    ],
  });

  it('gets results of both methods, 64-bit integers intact', async () => {
    const { queue } = await setup();
    assert.deepEqual(await peer.call(queue, ['--method', 'Calculate', '--request', '{"n": "21"}']), {
      status: 'OK',
      response: { result: '42' },
    });
    const big = (2n ** 61n + 1n).toString();
    const doubled = await peer.call(queue, ['--method', 'Calculate', '--request', JSON.stringify({ n: big })]);
    assert.deepEqual(doubled.response, { result: (2n ** 62n + 2n).toString() });
    const product = await peer.call(queue, [
      '--method',
      'Evaluate',
      '--request',
      JSON.stringify({ operation: 'OPERATION_MULTIPLY', operands: [{ value: 1.5, label: 'a' }, { value: 4 }] }),
    ]);
    assert.deepEqual(product, { status: 'OK', response: { value: 6, steps: ['1.5 * 4 = 6'] } });
  });

  it('receives an error a TypeScript handler threw, with its code, message and details', async () => {
    const { queue } = await setup();
    assert.deepEqual(await peer.call(queue, ['--method', 'Evaluate', '--request', divideByZero]), {
      status: 'OUT_OF_RANGE',
      message: 'division by zero at operand "zero"',
      details: { label: 'zero' },
    });
  });

  it('sends its deadline: the handler sees it, and the Python caller gives up with DEADLINE_EXCEEDED', async () => {
    let seen: { deadline: number; aborted: Promise<void> } | undefined;
    const { queue } = await setup({
      ...calculatorHandlers,
      calculate: (_request, ctx) => {
        // Waits until the server aborts the call at the deadline the Python caller sent.
        const aborted = new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        seen = { deadline: ctx.deadline.getTime(), aborted };
        return aborted.then(() => ({ result: 0n }));
      },
    });
    const sent = Date.now();
    const outcome = await peer.call(queue, ['--method', 'Calculate', '--request', '{"n": "1"}', '--timeout-ms', '500']);
    const returned = Date.now();
    assert.equal(outcome.status, 'DEADLINE_EXCEEDED');
    assert.ok(seen, 'the handler ran');
    assert.ok(seen.deadline > sent && seen.deadline <= returned + 500, `x-warren-deadline ${seen.deadline} is the call's`);
    await seen.aborted; // the TypeScript server aborted the handler at that deadline
  });

  it('fails at once with UNAVAILABLE (no route) when nobody serves the queue', async () => {
    const queue = uniqueQueue('py-caller-none'); // never declared
    const outcome = await peer.call(queue, ['--method', 'Calculate', '--timeout-ms', '30000']);
    assert.equal(outcome.status, 'UNAVAILABLE');
    assert.deepEqual(outcome.details, { reason: 'NO_ROUTE', queue });
  });

  it('sets expiration: the broker drops a request nobody took before its deadline', async () => {
    const queue = ownQueue();
    await withAmqp((ch) => ch.assertQueue(queue, { durable: true })); // declared, not consumed
    const outcome = await peer.call(queue, ['--method', 'Calculate', '--timeout-ms', '300']);
    assert.equal(outcome.status, 'DEADLINE_EXCEEDED');
    let count = 1;
    for (let i = 0; i < 100 && count > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      count = (await withAmqp((ch) => ch.checkQueue(queue))).messageCount;
    }
    assert.equal(count, 0, 'the expired request is gone from the queue');
  });

  describe('the TypeScript server answers bad requests from Python and keeps serving', () => {
    it('drops a request without reply_to', async () => {
      const { queue, server } = await setup();
      assert.equal((await peer.call(queue, ['--method', 'Calculate', '--no-reply-to'])).status, 'SENT');
      const after = await peer.call(queue, ['--method', 'Calculate', '--request', '{"n": "4"}']);
      assert.deepEqual(after.response, { result: '8' });
      assert.equal(server.stats.dropped, 1);
    });

    it('answers an unknown type with UNIMPLEMENTED', async () => {
      const { queue } = await setup();
      const outcome = await peer.call(queue, ['--method', 'Calculate', '--type', 'calculator.v1.Calculator.Nope']);
      assert.equal(outcome.status, 'UNIMPLEMENTED');
    });

    it('answers a body that does not decode, or the wrong content type, with INVALID_ARGUMENT', async () => {
      const { queue } = await setup();
      const garbage = await peer.call(queue, ['--method', 'Calculate', '--body-hex', '08ffffff']);
      assert.equal(garbage.status, 'INVALID_ARGUMENT');
      assert.match(garbage.message ?? '', /does not decode/);
      const json = await peer.call(queue, ['--method', 'Calculate', '--content-type', 'application/json']);
      assert.equal(json.status, 'INVALID_ARGUMENT');
      assert.match(json.message ?? '', /content_type/);
      const after = await peer.call(queue, ['--method', 'Calculate', '--request', '{"n": "5"}']);
      assert.deepEqual(after.response, { result: '10' });
    });
  });
});
