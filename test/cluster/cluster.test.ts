// The cluster harness (test/support/cluster.ts) and what warren does today on a 3-node
// RabbitMQ cluster with a quorum request queue, under load, when one node is killed (-9).
// One cluster for the whole file: it takes ~15 s to start on an idle machine, 45-70 s on a
// busy one, and each node restart 10-25 s. The test runner gives a file 300 s in all
// (scripts/run-tests.mjs), so longer scenarios (quorum loss, rolling restart) belong in files
// of their own, each with its cluster.
// WARREN_SKIP_CLUSTER=1 skips the file (CI runs it on one Node version only).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import amqp from 'amqplib';
import { uniqueQueue } from '../support/broker.js';
import { RabbitCluster } from '../support/cluster.js';
import { nodeLossScenario } from './node-loss-scenario.js';

const skip = process.env.WARREN_SKIP_CLUSTER ? 'WARREN_SKIP_CLUSTER is set' : false;
let cluster: RabbitCluster;

/** No such process, or a zombie waiting for init to reap it. */
function gone(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

describe('a 3-node RabbitMQ cluster', { skip }, () => {
  before(async () => {
    cluster = await RabbitCluster.start();
  }, { timeout: 300_000 });

  after(async () => {
    await cluster?.stop();
  });

  it('three nodes that all see each other running', async (t) => {
    t.diagnostic(`boot ${cluster.bootMs} ms; memory per node ${cluster.memoryMiB().join(', ')} MiB; ports ${cluster.nodes.map((n) => n.port).join(', ')}`);
    for (const i of [0, 1, 2]) {
      assert.deepEqual(await cluster.clusterStatus(i), { members: [0, 1, 2], running: [0, 1, 2] }, `as node ${i} sees it`);
    }
    assert.equal(cluster.urlList(1), [cluster.url(1), cluster.url(2), cluster.url(0)].join(','));
  });

  it('a quorum queue declared through one node is usable through the others', async () => {
    const queue = uniqueQueue('cluster');
    const models = await Promise.all(cluster.nodes.map((n) => amqp.connect(n.url)));
    try {
      const [c0, c1, c2] = await Promise.all(models.map((m) => m.createConfirmChannel()));
      await c0!.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      assert.equal(await cluster.queueLeader(queue), 0, 'the declaring node leads (client-local)');
      c1!.sendToQueue(queue, Buffer.from('through node 1'));
      await c1!.waitForConfirms();
      const got = await c2!.get(queue, { noAck: true });
      assert.ok(got, 'node 2 hands out what node 1 took');
      assert.equal(got.content.toString(), 'through node 1');
      await c2!.deleteQueue(queue);
    } finally {
      await Promise.all(models.map((m) => m.close().catch(() => undefined)));
    }
  });

  it('kill -9 of a node: it is gone at once, the others see it down; restarted, it rejoins', async (t) => {
    const pid = cluster.pid(2);
    assert.ok(pid, 'node 2 runs');
    const killedAt = Date.now();
    await cluster.kill(2);
    const killMs = Date.now() - killedAt;
    assert.equal(cluster.pid(2), undefined);
    assert.ok(gone(pid), 'its beam process is gone');
    await assert.rejects(amqp.connect(cluster.url(2)), /ECONNREFUSED|ECONNRESET/, 'nothing serves its port');
    assert.deepEqual(await cluster.clusterStatus(0), { members: [0, 1, 2], running: [0, 1] });
    const restartMs = await cluster.restart(2);
    assert.deepEqual(await cluster.clusterStatus(2), { members: [0, 1, 2], running: [0, 1, 2] });
    const model = await amqp.connect(cluster.url(2));
    await model.close();
    t.diagnostic(`kill ${killMs} ms, restart until it runs in the cluster ${restartMs} ms`);
  });

  it('kill -9 the node that leads the request queue, caller and server elsewhere: every call answered, 0 errors, 0 lost', { timeout: 180_000 }, async (t) => {
    const { summary, runs } = await nodeLossScenario(cluster, t, { leader: 0, server: 1, caller: 2 }, 'leader', false);
    assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'every call answered, none failed');
    assert.equal(runs.answeredNotRun, 0);
    assert.ok(summary.stallMs < 5_000, `new calls got through ${summary.stallMs} ms after the kill`);
  });

  it('kill -9 the node a server is connected to: it reconnects, its unacked requests are answered, 0 errors', { timeout: 180_000 }, async (t) => {
    const { summary, runs, worker, killedAt } = await nodeLossScenario(cluster, t, { leader: 1, server: 2, caller: 0 }, 'server', false);
    assert.deepEqual(summary.idempotent, { OK: summary.calls }, 'every call answered, none failed');
    assert.equal(runs.answeredNotRun, 0);
    assert.ok(worker.ups.some((u) => u > killedAt), 'the server reconnected to another node');
    assert.ok(summary.stallMs < 5_000, `new calls got through ${summary.stallMs} ms after the kill`);
  });

  it('kill -9 the node a caller is connected to (not the leader): reconnect within 5 s, in-flight non-idempotent calls UNAVAILABLE fast, idempotent ones OK', { timeout: 180_000 }, async (t) => {
    const { summary, records, killedAt, callerDowns, callerUps } = await nodeLossScenario(cluster, t, { leader: 2, server: 0, caller: 1 }, 'caller', true);
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

  it.todo('the node leading the queue is the caller\'s own: see leader-on-caller-node.test.ts (a file of its own: the runner gives a file 300 s)');
  it.todo('quorum lost (2 of 3 nodes down) for 10 s, then restored: nothing hangs, 100% of calls succeed within 5 s: needs a confirm timeout that replaces a stuck channel (3.10.8 never confirms on a channel that had confirms pending when quorum was lost)');
  it.todo('a rolling restart of all three nodes under load: idempotent calls 100% OK: needs confirms (the leader moves onto callers\' nodes) and consuming again after basic.cancel');
  it.todo('a server consumes again after the broker cancels its consumer (basic.cancel: a classic request queue whose node dies): needs basic.cancel handling in server.ts and reply-endpoint.ts');
  it.todo('direct reply-to: a caller\'s node dies and no server connection is closed (541): needs replies that do not share a fate with the request consumer');

  it('stop() kills every node and removes its folders', async () => {
    const pids = cluster.nodes.map((n) => cluster.pid(n.index)).filter((p) => p !== undefined);
    assert.ok(pids.length >= 2, 'nodes run'); // the last test left one down
    await cluster.stop();
    for (const pid of pids) assert.ok(gone(pid), `beam ${pid} is gone`);
    assert.equal(existsSync(cluster.dir), false, `${cluster.dir} is removed`);
    for (const n of cluster.nodes) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = tcpConnect(n.port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(false)));
        s.once('error', () => resolve(true));
      });
      assert.ok(refused, `port ${n.port} is closed`);
    }
  });
});
