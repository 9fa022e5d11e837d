// The node that leads the request queue is the caller's own, and is killed -9 under load
// (issue 21). A file of its own, with its own cluster: the test runner gives a file 300 s.
// WARREN_SKIP_CLUSTER=1 skips it (CI runs the cluster tests on one Node version only).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RabbitCluster } from '../support/cluster.js';
import { nodeLossScenario } from './node-loss-scenario.js';

const skip = process.env.WARREN_SKIP_CLUSTER ? 'WARREN_SKIP_CLUSTER is set' : false;
let cluster: RabbitCluster;

describe('a 3-node RabbitMQ cluster: the leader dies on the caller\'s node', { skip }, () => {
  before(async () => {
    cluster = await RabbitCluster.start();
  }, { timeout: 240_000 });

  after(async () => {
    await cluster?.stop();
  });

  // A todo test runs and prints its numbers, but its failure does not fail the suite. The lead
  // turns it into `it` with the runtime change it waits for.
  it.todo(
    'after the caller\'s reconnect, idempotent calls succeed again within 5 s while the node stays down: needs publisher confirms on requests (3.10.8 nacks every publish of a channel opened during the election; unconfirmed, each call waits out its deadline)',
    { timeout: 120_000 },
    async (t) => {
      const { summary } = await nodeLossScenario(cluster, t, { leader: 0, server: 1, caller: 0 }, 'leader', false);
      assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'every idempotent call answered');
      assert.ok(summary.stallMs < 5_000, `new calls got through ${summary.stallMs} ms after the kill`);
    },
  );
});
