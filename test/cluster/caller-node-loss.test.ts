// A 3-node cluster, a quorum request queue, 32 calls in flight, a server in a process of its
// own: kill -9 the node a caller is connected to, first a node that does not lead the queue,
// then the caller's node leading it (the caller reconnects inside the leader election).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipCluster, useCluster } from './cluster-suite.js';
import { nodeLossScenario } from './node-loss-scenario.js';

describe('a 3-node RabbitMQ cluster: a caller\'s node dies under load', { skip: skipCluster }, () => {
  const cluster = useCluster();

  it('kill -9 the node a caller is connected to (not the leader): reconnect within 5 s, in-flight non-idempotent calls UNAVAILABLE fast, idempotent ones OK', { timeout: 120_000 }, async (t) => {
    const { summary, records, killedAt, callerDowns, callerUps } = await nodeLossScenario(cluster(), t, { leader: 2, server: 0, caller: 1 }, 'caller', { mixed: true });
    assert.deepEqual(summary.idempotent, { OK: summary.idempotent.OK }, 'idempotent calls all OK');
    const failed = records.filter((r) => !r.idempotent && r.code !== 'OK');
    const down = callerDowns.find((d) => d >= killedAt) ?? Infinity;
    t.diagnostic(
      `caller saw the loss ${down - killedAt} ms after the kill; failed calls (started, settled; ms after the kill): ` +
        failed.map((r) => `${r.code} ${r.startedAt - killedAt}..${r.settledAt - killedAt}`).join(', '),
    );
    assert.deepEqual([...new Set(failed.map((r) => r.code))].filter((c) => c !== 'UNAVAILABLE'), [], 'non-idempotent calls fail only UNAVAILABLE');
    // In flight = published before the client saw its connection go (the kill itself is a few ms earlier).
    assert.deepEqual(failed.filter((r) => r.startedAt > down), [], 'calls made after the client saw the loss waited for the reconnect');
    assert.ok(failed.every((r) => r.settledAt - killedAt < 5_000), 'in-flight non-idempotent calls failed within 5 s');
    const up = callerUps.find((u) => u > killedAt);
    assert.ok(up !== undefined && up - killedAt < 5_000, `the caller reconnected ${up === undefined ? 'never' : `${up - killedAt} ms after the kill`}`);
  });

  // 3.10.8 nacks every publish of a channel that first publishes to the queue during the
  // election (the caller's reconnect lands inside it): publisher confirms see the nacks, and
  // the client resends on a fresh channel.
  it('the node leading the queue is the caller\'s own: after the caller\'s reconnect, calls succeed again within 5 s while that node stays down', { timeout: 150_000 }, async (t) => {
    const { summary, runs, callerUps, killedAt } = await nodeLossScenario(cluster(), t, { leader: 0, server: 1, caller: 0 }, 'leader');
    assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'every idempotent call answered');
    assert.equal(runs.answeredNotRun, 0);
    assert.ok(callerUps.some((u) => u > killedAt), 'the caller reconnected to another node');
    assert.ok(summary.stallMs < 5_000, `new calls got through ${summary.stallMs} ms after the kill`);
  });
});
