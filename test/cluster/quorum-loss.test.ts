// A 3-node cluster loses quorum: 2 of 3 nodes killed -9 for 10 s under load, then restarted.
// RabbitMQ 3.10.8 leaves a channel with publisher confirms pending at that moment stuck for
// good (a fresh channel confirms at once): the client's confirm timeout must replace it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipCluster, useCluster, declareRequestQueue, deleteRequestQueue } from './cluster-suite.js';
import { startEvaluateWorker, type EvaluateWorker } from './evaluate-worker-process.js';
import { startCaller, type Caller } from './node-loss-scenario.js';
import { failureMessages, lateCalls, runLoad, summarize, watchEventLoop } from './run-load.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a 3-node RabbitMQ cluster loses quorum', { skip: skipCluster }, () => {
  const cluster = useCluster();

  it('2 of 3 nodes down for 10 s, then back: nothing past its deadline, no channel stuck, every call succeeds within 5 s of quorum', { timeout: 200_000 }, async (t) => {
    const c = cluster();
    // Leader on node 1; the server and the caller on node 0, the node that survives.
    const queue = await declareRequestQueue(c, 1, 'quorum');
    let worker: EvaluateWorker | undefined;
    let caller: Caller | undefined;
    try {
      worker = await startEvaluateWorker(c.urlList(0), queue);
      caller = await startCaller(c.urlList(0), queue);
      await caller.calc.calculate({ n: 1n });
      let lostAt = 0;
      let backAt = 0;
      let restartMs: number[] = [];
      const loopDelay = watchEventLoop();
      const records = await runLoad(caller.calc, { concurrency: 32, timeoutMs: 10_000 }, async () => {
        await sleep(1_500);
        lostAt = Date.now();
        await Promise.all([c.kill(1), c.kill(2)]);
        await sleep(10_000);
        // Quorum is back when the first of the two runs again; the second follows.
        const started = Date.now();
        restartMs = await Promise.all(
          [1, 2].map(async (i) => {
            const ms = await c.restart(i);
            backAt ||= Date.now();
            return ms;
          }),
        );
        t.diagnostic(`restarts took ${restartMs.join(', ')} ms (from ${started - lostAt} ms after the loss)`);
        await sleep(8_000);
      });
      const loopDelayMs = loopDelay();
      const late = records.filter((r) => r.settledAt > r.deadline + 250);
      t.diagnostic(
        `this process's event loop held up for ${loopDelayMs} ms at most; calls settled over 250 ms after their deadline: ` +
          (late.map((r) => `${r.code} +${r.settledAt - r.deadline} ms (started ${r.startedAt - lostAt} ms after the loss)`).join(', ') || 'none'),
      );
      const during = summarize(records.filter((r) => r.startedAt < backAt), lostAt);
      const after = records.filter((r) => r.startedAt >= backAt);
      const afterSummary = summarize(after, backAt);
      const settledLater = records.filter((r) => r.settledAt >= backAt + 5_000);
      const stuck = caller.warnings.filter((w) => /no publisher confirm came/.test(w)).length;
      t.diagnostic(`quorum lost ${backAt - lostAt} ms; calls started before quorum returned: ${JSON.stringify(during)}`);
      t.diagnostic(`calls started after quorum returned (stall measured from its return): ${JSON.stringify(afterSummary)}`);
      t.diagnostic(`failures: ${JSON.stringify(failureMessages(records))}`);
      t.diagnostic(`stuck channels replaced: ${stuck}; caller warnings: ${JSON.stringify([...new Set(caller.warnings)])}`);
      assert.deepEqual(lateCalls(records, loopDelayMs), [], 'calls that settled after their deadline (and after the event loop let them)');
      assert.ok(afterSummary.stallMs < 5_000, `the first call after quorum returned succeeded ${afterSummary.stallMs} ms after it`);
      assert.deepEqual(afterSummary.idempotent, { OK: after.length }, 'every call made after quorum returned succeeds');
      assert.deepEqual(
        settledLater.filter((r) => r.code !== 'OK').map((r) => `${r.code} ${r.startedAt - backAt}..${r.settledAt - backAt}`),
        [],
        'no call fails once quorum has been back 5 s (a stuck channel would keep failing them)',
      );
    } finally {
      await caller?.close();
      await worker?.stop();
      await deleteRequestQueue(c, queue);
    }
  });
});
