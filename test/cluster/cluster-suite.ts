import { after, before } from 'node:test';
import amqp from 'amqplib';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { testConnection, uniqueQueue } from '../support/broker.js';
import { RabbitCluster } from '../support/cluster.js';
import { waitForLock } from '../support/machine-lock.js';

/**
 * The `skip` of every cluster suite: WARREN_SKIP_CLUSTER=1 skips them (CI runs them on one
 * Node version only). Each file starts a cluster of its own (~20 s on an idle machine, 45-70 s
 * on a busy one; a node restart 10-25 s), so a file holds one or two scenarios.
 */
export const skipCluster = process.env.WARREN_SKIP_CLUSTER ? 'WARREN_SKIP_CLUSTER is set' : false;

/**
 * How long a file may wait for another file's cluster to stop. `node --test` runs files in
 * sorted order, two at a time, so the cluster files (one folder) run one after the other while
 * the next one waits (2-3 minutes under load); scripts/run-tests.mjs gives each file 600 s.
 */
const CLUSTER_LOCK_WAIT_MS = 300_000;

/**
 * In a `describe`: starts a cluster before its tests and stops it after; returns its getter.
 * One cluster runs on the machine at a time (a lock across test processes): the test runner
 * runs two files at once, and two clusters (six nodes, their servers and callers) on two cores
 * slowed a quorum leader election to 5.8 s, past what the scenarios measure.
 */
export function useCluster(): () => RabbitCluster {
  let cluster: RabbitCluster | undefined;
  let release: (() => void) | undefined;
  before(async () => {
    release = await waitForLock('rabbitmq-cluster', CLUSTER_LOCK_WAIT_MS);
    cluster = await RabbitCluster.start();
  }, { timeout: CLUSTER_LOCK_WAIT_MS + 240_000 });
  after(async () => {
    await cluster?.stop();
    release?.();
  });
  return () => {
    if (!cluster) throw new Error('the cluster is not started (useCluster() registers a before hook in the describe)');
    return cluster;
  };
}

/** Restarts every node that is down (left so by an earlier test), printing how long each took. */
export async function restartDownNodes(cluster: RabbitCluster, t: { diagnostic(message: string): void }): Promise<void> {
  for (const n of cluster.nodes) {
    if (cluster.pid(n.index) === undefined) t.diagnostic(`node ${n.index} restarted in ${await cluster.restart(n.index)} ms`);
  }
}

/**
 * Declares a fresh request queue of `queueType` through node `home` (a warren server declares
 * and leaves): RabbitMQ places a classic queue, and a new quorum queue's leader, on the
 * declaring node. Returns its name.
 */
export async function declareRequestQueue(cluster: RabbitCluster, home: number, queueType: 'quorum' | 'classic'): Promise<string> {
  const queue = uniqueQueue(`cluster-${queueType}`);
  const conn = await testConnection({}, cluster.url(home));
  try {
    const server = await serveCalculator(conn, calculatorHandlers, { queue, queueType });
    await server.close({ timeoutMs: 500 });
  } finally {
    await conn.close();
  }
  return queue;
}

/** Deletes a request queue and its dead-letter queue through the first running node. */
export async function deleteRequestQueue(cluster: RabbitCluster, queue: string): Promise<void> {
  const via = cluster.nodes.find((n) => cluster.pid(n.index) !== undefined);
  if (!via) return;
  const model = await amqp.connect(via.url);
  model.on('error', () => undefined);
  try {
    for (const q of [queue, `${queue}.dead-letter`]) {
      const ch = await model.createChannel(); // a refused delete closes its channel
      ch.on('error', () => undefined);
      await ch.deleteQueue(q).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
  } finally {
    await model.close().catch(() => undefined);
  }
}
