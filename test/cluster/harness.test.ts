// The cluster harness (test/support/cluster.ts): three private nodes that form one cluster,
// kill -9 and restart of a node, and a stop that leaves nothing behind. Node-loss scenarios
// are in the other files of this folder, each with a cluster of its own.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { describe, it } from 'node:test';
import amqp from 'amqplib';
import { uniqueQueue } from '../support/broker.js';
import { skipCluster, useCluster } from './cluster-suite.js';

/** No such process, or a zombie waiting for init to reap it. */
function gone(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

describe('a 3-node RabbitMQ cluster', { skip: skipCluster }, () => {
  const cluster = useCluster();

  it('three nodes that all see each other running', async (t) => {
    t.diagnostic(`boot ${cluster().bootMs} ms; memory per node ${cluster().memoryMiB().join(', ')} MiB; ports ${cluster().nodes.map((n) => n.port).join(', ')}`);
    for (const i of [0, 1, 2]) {
      assert.deepEqual(await cluster().clusterStatus(i), { members: [0, 1, 2], running: [0, 1, 2] }, `as node ${i} sees it`);
    }
    assert.equal(cluster().urlList(1), [cluster().url(1), cluster().url(2), cluster().url(0)].join(','));
  });

  it('a quorum queue declared through one node is usable through the others', async () => {
    const queue = uniqueQueue('cluster');
    const models = await Promise.all(cluster().nodes.map((n) => amqp.connect(n.url)));
    try {
      const [c0, c1, c2] = await Promise.all(models.map((m) => m.createConfirmChannel()));
      await c0!.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      assert.equal(await cluster().queueLeader(queue), 0, 'the declaring node leads (client-local)');
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
    const pid = cluster().pid(2);
    assert.ok(pid, 'node 2 runs');
    const killedAt = Date.now();
    await cluster().kill(2);
    const killMs = Date.now() - killedAt;
    assert.equal(cluster().pid(2), undefined);
    assert.ok(gone(pid), 'its beam process is gone');
    await assert.rejects(amqp.connect(cluster().url(2)), /ECONNREFUSED|ECONNRESET/, 'nothing serves its port');
    assert.deepEqual(await cluster().clusterStatus(0), { members: [0, 1, 2], running: [0, 1] });
    const restartMs = await cluster().restart(2);
    assert.deepEqual(await cluster().clusterStatus(2), { members: [0, 1, 2], running: [0, 1, 2] });
    const model = await amqp.connect(cluster().url(2));
    await model.close();
    t.diagnostic(`kill ${killMs} ms, restart until it runs in the cluster ${restartMs} ms`);
  });

  it('stop() kills every node and removes its folders', async () => {
    const pids = cluster().nodes.map((n) => cluster().pid(n.index)).filter((p) => p !== undefined);
    assert.equal(pids.length, 3, 'nodes run');
    await cluster().stop();
    for (const pid of pids) assert.ok(gone(pid), `beam ${pid} is gone`);
    assert.equal(existsSync(cluster().dir), false, `${cluster().dir} is removed`);
    // A test file starting a cluster at the same time probes free ports by listening on them
    // for a moment (free-ports.ts), so one accepted connection proves nothing: a node left
    // running would accept every time.
    const refused = (port: number) =>
      new Promise<boolean>((resolve) => {
        const s = tcpConnect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(false)));
        s.once('error', () => resolve(true));
      });
    for (const n of cluster().nodes) {
      let closed = false;
      for (let i = 0; i < 5 && !closed; i++) closed = await refused(n.port) || (await new Promise((r) => setTimeout(r, 100)), false);
      assert.ok(closed, `port ${n.port} is closed`);
    }
  });
});
