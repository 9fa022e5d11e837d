import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection, Server } from '@warren/runtime';
import { EvaluateRequest_Operation as Operation, serveCalculator, type CalculatorHandlers } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, uniqueQueue } from '../support/broker.js';
import type { PythonPeer } from './python-peer.js';
import { pythonSuite } from './python-suite.js';

// The Python peer (test/interop/python/warren_stream.py, from docs/protocol.md section 8)
// consumes EvaluateSteps streamed by the generated TypeScript server, with credit and cancel.
describe('server streaming: a TypeScript server streams to a Python caller', () => {
  let peer: PythonPeer;
  let conn: Connection;
  const cleanups = pythonSuite((p, c) => ((peer = p), (conn = c)));

  async function serveOn(handlers: CalculatorHandlers): Promise<string> {
    const queue = uniqueQueue('py-stream-caller');
    cleanups.push(() => deleteQueues(queue, `${queue}.dead-letter`));
    const server: Server = await serveCalculator(conn, handlers, { queue });
    cleanups.push(() => server.close());
    return queue;
  }

  const request = (operation: Operation, ...values: number[]) =>
    JSON.stringify({ operation, operands: values.map((value) => ({ value, label: String(value) })) });

  it('receives every step in order, past its credit window of 2, then the end', async () => {
    const queue = await serveOn(calculatorHandlers);
    const values = Array.from({ length: 11 }, (_, i) => i);
    const events = await peer.runLines('stream_peer.py', ['consume', '--queue', queue, '--credit', '2', '--request', request(Operation.OPERATION_ADD, ...values)]);
    assert.deepEqual(events.at(-1), { event: 'end' });
    const items = events.filter((e) => e.event === 'item');
    assert.deepEqual(items.map((e) => e.index), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(items[1], { event: 'item', index: 2, text: '1 + 2 = 3', value: 3 });
    assert.equal(items.at(-1)!.value, 55);
    // Credit 2: the two items the handler yields at once go in one batch message (8.2).
    assert.deepEqual(events.find((e) => e.event === 'message'), { event: 'message', kind: 'batch', items: 2 });
  });

  it('gets the items a handler yields at once in one batch message, or one data message each when it does not accept batches', async () => {
    const queue = await serveOn(calculatorHandlers);
    const values = Array.from({ length: 11 }, (_, i) => i);
    const args = ['consume', '--queue', queue, '--request', request(Operation.OPERATION_ADD, ...values)];
    const messages = (events: Record<string, unknown>[]) => events.filter((e) => e.event === 'message').map((e) => `${String(e.kind)}:${String(e.items)}`);
    const batched = await peer.runLines('stream_peer.py', args);
    assert.deepEqual(messages(batched), ['batch:10']);
    assert.equal(batched.filter((e) => e.event === 'item').length, 10);
    assert.deepEqual(batched.at(-1), { event: 'end' });
    const plain = await peer.runLines('stream_peer.py', [...args, '--no-batch']);
    assert.deepEqual(messages(plain), Array.from({ length: 10 }, () => 'data:1'));
    assert.deepEqual(plain.filter((e) => e.event === 'item'), batched.filter((e) => e.event === 'item'));
    assert.deepEqual(plain.at(-1), { event: 'end' });
  });

  it('gets the handler\'s error after the steps before it', async () => {
    const queue = await serveOn(calculatorHandlers);
    const events = await peer.runLines('stream_peer.py', ['consume', '--queue', queue, '--request', request(Operation.OPERATION_DIVIDE, 8, 2, 0)]);
    assert.deepEqual(events.filter((e) => e.event !== 'message'), [
      { event: 'item', index: 1, text: '8 / 2 = 4', value: 4 },
      { event: 'error', code: 'OUT_OF_RANGE', message: 'division by zero at operand "0"', details: { label: '0' } },
    ]);
  });

  it('bounds what the server produces by its credit while it does not read, and cancels: the handler\'s signal aborts', async () => {
    let produced = 0;
    let aborted: (reason: unknown) => void;
    const abortedWith = new Promise<unknown>((resolve) => (aborted = resolve));
    const queue = await serveOn({
      ...calculatorHandlers,
      // Endless: only the caller's credit and its cancel stop it.
      async *evaluateSteps(_request, context) {
        context.signal.addEventListener('abort', () => aborted(context.signal.reason), { once: true });
        for (let index = 1; ; index++) {
          produced++;
          yield { index, text: `step ${index}`, value: index };
        }
      },
    });
    const events = await peer.runLines('stream_peer.py', [
      'consume', '--queue', queue, '--credit', '4', '--pause-ms', '800', '--take', '3', '--request', request(Operation.OPERATION_ADD),
    ]);
    assert.deepEqual(events.map((e) => e.event).filter((e) => e !== 'message'), ['item', 'resumed', 'item', 'item', 'cancelled']);
    const reason = await Promise.race([abortedWith, new Promise((_, reject) => setTimeout(() => reject(new Error('handler not aborted')), 10_000))]);
    assert.match(String(reason), /cancel/i);
    // Credit 4, plus 2 granted once 2 were read: at most 6 items ever pulled from the handler.
    assert.ok(produced >= 3 && produced <= 6, `produced ${produced}`);
  });

  it('a Python caller whose server (here the Python one) dies mid-stream ends with UNAVAILABLE (SERVER_GONE), not a silent end', async () => {
    const queue = uniqueQueue('py-stream-gone');
    cleanups.push(() => deleteQueues(queue, `${queue}.dead-letter`));
    const server = await peer.start('stream_peer.py', ['serve', '--queue', queue, '--endless']);
    cleanups.push(() => server.stop());
    const consumed = peer.runLines('stream_peer.py', [
      'consume', '--queue', queue, '--credit', '4', '--pause-ms', '1500', '--idle-ms', '6000', '--request', request(Operation.OPERATION_ADD),
    ]);
    await server.waitFor((e) => e.event === 'stream-waiting', 10_000); // 4 sent, the caller paused
    await server.stop(); // SIGKILL while the caller is not reading
    const events = await consumed;
    const last = events.at(-1)!;
    assert.equal(last.event, 'error', JSON.stringify(events));
    assert.equal(last.code, 'UNAVAILABLE');
    assert.deepEqual(last.details, { reason: 'SERVER_GONE' });
    assert.deepEqual(events.filter((e) => e.event === 'item').map((e) => e.index), [1, 2, 3, 4], 'the 4 items sent before it died');
  });
});
