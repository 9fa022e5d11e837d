// A 3-node cluster, a quorum request queue, 32 calls in flight, a server in a process of its
// own: kill -9 the node that leads the queue, then the node the server is connected to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipCluster, useCluster } from './cluster-suite.js';
import { nodeLossScenario } from './node-loss-scenario.js';

describe('a 3-node RabbitMQ cluster: the leader\'s node or a server\'s node dies under load', { skip: skipCluster }, () => {
  const cluster = useCluster();

  it('kill -9 the node that leads the request queue, caller and server elsewhere: every call answered, 0 errors, 0 lost', { timeout: 120_000 }, async (t) => {
    const { summary, runs } = await nodeLossScenario(cluster(), t, { leader: 0, server: 1, caller: 2 }, 'leader');
    assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'every call answered, none failed');
    assert.equal(runs.answeredNotRun, 0);
    assert.ok(summary.stallMs < 5_000, `new calls got through ${summary.stallMs} ms after the kill`);
  });

  it('kill -9 the node a server is connected to: it reconnects, its unacked requests are answered, 0 errors', { timeout: 150_000 }, async (t) => {
    const { summary, runs, worker, killedAt } = await nodeLossScenario(cluster(), t, { leader: 1, server: 2, caller: 0 }, 'server');
    assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'every call answered, none failed');
    assert.equal(runs.answeredNotRun, 0);
    assert.ok(worker.ups.some((u) => u > killedAt), 'the server reconnected to another node');
    assert.ok(summary.stallMs < 5_000, `new calls got through ${summary.stallMs} ms after the kill`);
  });
});
