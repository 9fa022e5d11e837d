// A rolling restart of a 3-node cluster under load: each node in turn killed -9 and started
// again, so the request queue's leader, the servers' nodes and the callers' nodes all go
// once. Two server processes, two callers, 32 calls in flight each, all idempotent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declareRequestQueue, deleteRequestQueue, skipCluster, useCluster } from './cluster-suite.js';
import { startEvaluateWorker, type EvaluateWorker } from './evaluate-worker-process.js';
import { startCaller, type Caller } from './node-loss-scenario.js';
import { failureMessages, lateCalls, runCounts, runLoad, summarize, watchEventLoop, type CallRecord } from './run-load.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a 3-node RabbitMQ cluster: rolling restart', { skip: skipCluster }, () => {
  const cluster = useCluster();

  it('each node killed -9 and restarted in turn under load (c=64, 2 server processes): idempotent calls 100% OK', { timeout: 240_000 }, async (t) => {
    const c = cluster();
    const queue = await declareRequestQueue(c, 0, 'quorum');
    const workers: EvaluateWorker[] = [];
    const callers: Caller[] = [];
    try {
      workers.push(await startEvaluateWorker(c.urlList(1), queue), await startEvaluateWorker(c.urlList(2), queue));
      callers.push(await startCaller(c.urlList(0), queue), await startCaller(c.urlList(2), queue));
      for (const caller of callers) await caller.calc.calculate({ n: 1n });
      const steps: { node: number; killedAt: number; leaderBefore: number | string | undefined; restartMs: number }[] = [];
      let second: CallRecord[] = [];
      const loopDelay = watchEventLoop();
      const first = await runLoad(callers[0]!.calc, { concurrency: 32, timeoutMs: 10_000 }, async () => {
        second = await runLoad(callers[1]!.calc, { concurrency: 32, timeoutMs: 10_000, labelPrefix: 'b' }, async () => {
          for (const node of [0, 1, 2]) {
            await sleep(2_000);
            const leaderBefore = await c.queueLeader(queue, (node + 1) % 3).catch((err: unknown) => String(err));
            const killedAt = Date.now();
            await c.kill(node);
            await sleep(1_000); // under load with the node down, then the restart
            steps.push({ node, killedAt, leaderBefore, restartMs: await c.restart(node) });
          }
          await sleep(2_000);
        });
      });
      const records = [...first, ...second];
      const loopDelayMs = loopDelay();
      for (const step of steps) {
        const { stallMs } = summarize(records, step.killedAt);
        t.diagnostic(`node ${step.node} (leader before: ${step.leaderBefore}) killed; new calls through after ${stallMs} ms; restarted in ${step.restartMs} ms`);
      }
      const summary = summarize(records, steps[0]!.killedAt);
      const ran = workers.flatMap((w) => w.ran);
      t.diagnostic(`all calls: ${JSON.stringify({ ...summary, ...runCounts(records, ran), serverReconnects: workers.map((w) => w.ups.length) })}`);
      t.diagnostic(`failures: ${JSON.stringify(failureMessages(records))}`);
      t.diagnostic(`callers' reconnects: ${callers.map((x) => x.ups.length).join(', ')}; warnings: ${JSON.stringify([...new Set(callers.flatMap((x) => x.warnings))])}`);
      t.diagnostic(`this process's event loop held up for ${loopDelayMs} ms at most`);
      assert.deepEqual(lateCalls(records, loopDelayMs), [], 'calls that settled after their deadline (and after the event loop let them)');
      assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'every idempotent call succeeds');
      assert.ok(workers.every((w) => w.ran.length > 0), 'both servers served');
    } finally {
      for (const caller of callers) await caller.close();
      for (const worker of workers) await worker.stop();
      await deleteRequestQueue(c, queue);
    }
  });
});
