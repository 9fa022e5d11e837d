import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcClient, RpcError, type Connection } from '@warren/runtime';
import { CalculatorClient, CalculatorService, EvaluateRequest_Operation as Operation } from '../../generated/calculator.js';
import { deleteQueues, uniqueQueue } from '../support/broker.js';
import type { PythonPeer } from './python-peer.js';
import { pythonSuite } from './python-suite.js';
import type { PythonWorker } from './python-worker.js';

// A Python server (test/interop/python/warren_stream.py, written from docs/protocol.md section 8)
// streams EvaluateSteps to the generated TypeScript client, which reads it with `for await`.
describe('server streaming: a Python server streams to a TypeScript caller', () => {
  let peer: PythonPeer;
  let conn: Connection;
  const cleanups = pythonSuite((p, c) => ((peer = p), (conn = c)));

  async function setup(endless = false): Promise<{ queue: string; server: PythonWorker; calc: CalculatorClient }> {
    const queue = uniqueQueue('py-stream-server');
    cleanups.push(() => deleteQueues(queue, `${queue}.dead-letter`));
    const server = await peer.start('stream_peer.py', ['serve', '--queue', queue, ...(endless ? ['--endless'] : [])]);
    cleanups.push(() => server.stop());
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000 });
    cleanups.push(() => calc.close());
    return { queue, server, calc };
  }

  const operands = (...values: number[]) => values.map((value) => ({ value, label: String(value) }));

  it('delivers every step in order, past the credit window, then ends', async () => {
    const { calc } = await setup();
    const steps = [];
    const request = { operation: Operation.OPERATION_ADD, operands: operands(...Array.from({ length: 11 }, (_, i) => i)) };
    for await (const step of calc.evaluateSteps(request, { credit: 2 })) steps.push(step);
    assert.equal(steps.length, 10);
    assert.deepEqual(steps.slice(0, 2), [
      { index: 1, text: '0 + 1 = 1', value: 1 },
      { index: 2, text: '1 + 2 = 3', value: 3 },
    ]);
    assert.deepEqual(steps.map((s) => s.index), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(steps.at(-1)!.value, 55);
  });

  it('fails with the handler\'s RpcError after the steps before it', async () => {
    const { calc } = await setup();
    const texts: string[] = [];
    await assert.rejects(
      async () => {
        for await (const step of calc.evaluateSteps({ operation: Operation.OPERATION_DIVIDE, operands: operands(8, 2, 0) })) texts.push(step.text);
      },
      (err) => RpcError.is(err, 'OUT_OF_RANGE') && /division by zero at operand "0"/.test(err.message) && (err.details as { label?: string }).label === '0',
    );
    assert.deepEqual(texts, ['8 / 2 = 4']);
  });

  it('sends no more than the credit allows to a caller that stops reading, and stops on break (cancel)', async () => {
    const { server, calc } = await setup(true);
    const seen: number[] = [];
    for await (const step of calc.evaluateSteps({ operation: Operation.OPERATION_ADD, operands: [] }, { credit: 4 })) {
      seen.push(step.index);
      if (seen.length === 3) {
        // Not pulling: once the 4 of the initial credit and what was granted are sent, the server
        // must wait (the window may have grown: the caller waited for items, 8.3).
        const waiting = await server.waitFor((e) => e.event === 'stream-waiting' && (e.sent as number) > 4, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.ok(waiting.sent as number > 4, JSON.stringify(waiting));
        const last = server.events.filter((e) => e.event === 'stream-waiting').at(-1)!;
        // The Python server sends exactly what it was granted: so the caller granted at most this.
        assert.ok((last.granted as number) <= 4 + 2 + 4, `at most credit 4, 2 granted and the window doubled once: ${JSON.stringify(last)}`);
        break;
      }
    }
    const stopped = await server.waitFor((e) => e.event === 'stream-stopped', 10_000);
    assert.equal(stopped.why, 'cancel');
    assert.equal(stopped.sent, server.events.filter((e) => e.event === 'stream-waiting').at(-1)!.sent);
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('ends with UNAVAILABLE, not a silent end, when the Python server dies mid-stream', async () => {
    const { server, calc } = await setup(true);
    const seen: number[] = [];
    const started = Date.now();
    await assert.rejects(
      async () => {
        for await (const step of calc.evaluateSteps({ operation: Operation.OPERATION_ADD, operands: [] }, { credit: 4, idleTimeoutMs: 6_000 })) {
          seen.push(step.index);
          if (seen.length === 1) await server.stop(); // SIGKILL: its connection, and with it its control queue, go
        }
      },
      (err) => RpcError.is(err, 'UNAVAILABLE'),
    );
    assert.ok(seen.length >= 1 && seen.length <= 6, `items before the failure: ${seen.length}`);
    assert.ok(Date.now() - started < 8_000, 'found out by a NO_ROUTE control message or the idle timeout');
  });

  it('ends an open stream with UNAVAILABLE after every item sent when the Python server shuts down (SIGTERM)', async () => {
    const { server, calc } = await setup(true);
    const seen: number[] = [];
    const started = Date.now();
    await assert.rejects(
      async () => {
        for await (const step of calc.evaluateSteps({ operation: Operation.OPERATION_ADD, operands: [] }, { credit: 4, idleTimeoutMs: 20_000 })) {
          seen.push(step.index);
          if (seen.length === 1) {
            // The server has sent what it may and waits for credit: shut it down there.
            await server.waitFor((e) => e.event === 'stream-waiting', 10_000);
            assert.equal(await server.terminate(), 0, 'the Python server exits 0');
          }
        }
      },
      (err) => RpcError.is(err, 'UNAVAILABLE') && /server shutting down/.test(err.message),
    );
    const ended = await server.waitFor((e) => e.event === 'stream-ended');
    assert.equal(ended.status, 'UNAVAILABLE');
    assert.deepEqual(seen, Array.from({ length: ended.sent as number }, (_, i) => i + 1), 'every item the server sent, in order, before the error');
    assert.ok(Date.now() - started < 10_000, 'told by the end, not found out by the idle timeout (20 s)');
  });

  it('refuses a request without stream credit (a v1 caller) with FAILED_PRECONDITION naming the header', async () => {
    const { queue } = await setup();
    const { kind: _kind, ...asUnary } = CalculatorService.methods.evaluateSteps;
    const rpc = new RpcClient(conn, CalculatorService, { queue, timeoutMs: 10_000 });
    cleanups.push(() => rpc.close());
    await assert.rejects(
      rpc.call(asUnary, { operation: Operation.OPERATION_ADD, operands: operands(1, 2) }),
      (err) => RpcError.is(err, 'FAILED_PRECONDITION') && /x-warren-stream-credit/.test(err.message),
    );
  });

  it('a Python worker without streams (calculator_worker.py, unary only) answers the stream UNIMPLEMENTED', async () => {
    const queue = uniqueQueue('py-unary-worker');
    cleanups.push(() => deleteQueues(queue, `${queue}.dead-letter`));
    const worker = await peer.startWorker(queue);
    cleanups.push(() => worker.stop());
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000 });
    cleanups.push(() => calc.close());
    await assert.rejects(async () => {
      for await (const _ of calc.evaluateSteps({ operation: Operation.OPERATION_ADD, operands: operands(1, 2) })) assert.fail('no item expected');
    }, (err) => RpcError.is(err, 'UNIMPLEMENTED') && /EvaluateSteps/.test(err.message));
    assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n }, 'its unary methods still answer');
  });
});
