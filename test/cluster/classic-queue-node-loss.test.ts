// A classic request queue lives on one node. When that node dies: RabbitMQ cancels the
// consumers of its queues on the other nodes (basic.cancel), and returns publishes to it as
// NO_ROUTE, as it does for a queue that does not exist. Callers must be told the queue's node
// is down, not that the service is missing; a server must consume again once the node is back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { EvaluateRequest_Operation as Operation } from '../../generated/calculator.js';
import { declareRequestQueue, deleteRequestQueue, skipCluster, useCluster } from './cluster-suite.js';
import { startEvaluateWorker, type EvaluateWorker } from './evaluate-worker-process.js';
import { startCaller, type Caller } from './node-loss-scenario.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a 3-node RabbitMQ cluster: the node of a classic request queue dies', { skip: skipCluster }, () => {
  const cluster = useCluster();

  it('callers get UNAVAILABLE naming the queue\'s node, at once; the server (on another node) consumes again once the node is back', { timeout: 200_000 }, async (t) => {
    const c = cluster();
    const queue = await declareRequestQueue(c, 0, 'classic');
    let worker: EvaluateWorker | undefined;
    let caller: Caller | undefined;
    const add = (label: string, timeoutMs: number) =>
      caller!.calc.evaluate({ operation: Operation.OPERATION_ADD, operands: [{ value: 1, label }, { value: 2, label: '' }] }, { timeoutMs });
    try {
      worker = await startEvaluateWorker(c.urlList(1), queue, 'classic');
      caller = await startCaller(c.urlList(2), queue);
      assert.equal((await add('warm', 10_000)).value, 3);

      const killedAt = Date.now();
      await c.kill(0);
      // The broker needs a moment to see the node go (its other nodes notice the lost link):
      // meanwhile calls go to the dead queue process and time out.
      let err: unknown;
      let firstAt = 0;
      for (let i = 0; Date.now() - killedAt < 30_000; i++) {
        const started = Date.now();
        err = await add(`down${i}`, 2_000).then(() => undefined, (e: unknown) => e);
        if (RpcError.is(err, 'UNAVAILABLE')) {
          firstAt = Date.now();
          t.diagnostic(`call ${i}: UNAVAILABLE in ${firstAt - started} ms, ${firstAt - killedAt} ms after the kill: ${err.message}`);
          break;
        }
        t.diagnostic(`call ${i}: ${String(err)}`);
        await sleep(200);
      }
      assert.ok(RpcError.is(err, 'UNAVAILABLE'), `UNAVAILABLE, got ${String(err)}`);
      const node = c.nodes[0]!.name;
      assert.deepEqual(err.details, { reason: 'QUEUE_NODE_DOWN', queue, node });
      assert.match(err.message, new RegExp(`queue "${queue.replace(/\./g, '\\.')}" for calculator\\.v1\\.Calculator\\.Evaluate is on node ${node}, which is down or unreachable`));
      assert.doesNotMatch(err.message, /is the service running/);
      // Every call now fails the same way, at once (one passive declare a second explains them).
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => add(`burst${i}`, 5_000).then(() => 'OK', (e: unknown) => (RpcError.is(e) ? `${e.code} ${String(e.details?.['reason'])}` : String(e)))));
      const burstMs = Date.now() - firstAt;
      t.diagnostic(`20 calls at once: ${JSON.stringify(burst.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {}))} in ${burstMs} ms`);
      assert.deepEqual(new Set(burst), new Set(['UNAVAILABLE QUEUE_NODE_DOWN']));

      const restartMs = await c.restart(0);
      const backAt = Date.now();
      let served = -1;
      for (let i = 0; Date.now() - backAt < 30_000; i++) {
        const ok = await add(`back${i}`, 2_000).then((r) => r.value === 3, () => false);
        if (ok) {
          served = Date.now() - backAt;
          break;
        }
        await sleep(200);
      }
      t.diagnostic(`node 0 restarted in ${restartMs} ms; calls answered again ${served} ms later; server connection losses: ${worker.downs.length}`);
      assert.ok(served >= 0, 'calls are answered again once the node is back');
      // Its "ran" line comes over a pipe, and may arrive after the reply did.
      for (let i = 0; i < 40 && !worker.ran.some((l) => l.startsWith('back')); i++) await sleep(50);
      assert.ok(worker.ran.some((l) => l.startsWith('back')), 'by the server, which consumes again');
      assert.deepEqual(worker.downs, [], 'on the connection it had all along (basic.cancel, not a reconnect, made it consume again)');
    } finally {
      await caller?.close();
      await worker?.stop();
      await deleteRequestQueue(c, queue);
    }
  });
});
