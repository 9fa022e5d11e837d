// Direct reply-to on a cluster: when a caller's node dies, RabbitMQ 3.10 closes the whole
// connection (541 INTERNAL_ERROR) of a server that replies to that caller's address. A server
// publishes such replies on a connection of its own (connection/isolated-replies.ts), so its
// request consumer, and the requests it has not acked, are not taken down with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipCluster, useCluster } from './cluster-suite.js';
import { nodeLossScenario } from './node-loss-scenario.js';

describe('a 3-node RabbitMQ cluster: direct reply-to', { skip: skipCluster }, () => {
  const cluster = useCluster();

  it('a caller\'s node dies: no server connection is closed (541), callers elsewhere see 0 errors, the caller\'s idempotent calls succeed', { timeout: 150_000 }, async (t) => {
    const { summary, bystanderSummary, runs, worker, killedAt } = await nodeLossScenario(cluster(), t, { leader: 0, server: 1, caller: 2 }, 'caller', {
      replyMode: 'direct',
      bystander: 0,
    });
    t.diagnostic(`server connection losses: ${worker.downs.map((d) => `${d - killedAt} ms after the kill`).join(', ') || 'none'}`);
    assert.deepEqual(worker.downs, [], 'the server\'s connection stayed up');
    assert.deepEqual(bystanderSummary?.idempotent, { OK: bystanderSummary?.calls }, 'a caller on a surviving node sees 0 errors');
    assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'the caller\'s idempotent calls all succeed (resent after its reconnect)');
    assert.equal(runs.answeredNotRun, 0);
  });
});
