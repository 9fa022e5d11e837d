import assert from 'node:assert/strict';
import amqp from 'amqplib';
import type { Connection } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { testConnection, uniqueQueue } from '../support/broker.js';
import type { RabbitCluster } from '../support/cluster.js';
import { startEvaluateWorker, type EvaluateWorker } from './evaluate-worker-process.js';
import { runCounts, runLoad, summarize } from './run-load.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reconnect = { initialDelayMs: 100, maxDelayMs: 1_000 };

/** Which node (index) leads the request queue, serves it, and calls it. */
export interface Roles {
  leader: number;
  server: number;
  caller: number;
}

/**
 * One node-loss run: a fresh quorum request queue led by node `roles.leader` (a warren server
 * declares it there: RabbitMQ places a new quorum queue's leader on the declaring node), one
 * server process connected to `roles.server` and a caller in this process connected to
 * `roles.caller` (each with the other nodes next in its URL list); 32 calls in flight
 * (`mixed`: every other one non-idempotent), the `victim` role's node killed -9 1.5 s in, load
 * kept up for 4 s more. Prints its numbers; asserts only that no call settled after its
 * deadline. Any node left down (by this run or an earlier one) is restarted first, not after,
 * so the last run of a file costs no restart.
 */
export async function nodeLossScenario(
  cluster: RabbitCluster,
  t: { diagnostic(message: string): void },
  roles: Roles,
  victim: keyof Roles,
  mixed: boolean,
) {
  for (const n of cluster.nodes) {
    if (cluster.pid(n.index) === undefined) t.diagnostic(`node ${n.index} restarted in ${await cluster.restart(n.index)} ms`);
  }
  const queue = uniqueQueue('cluster-load');
  const declaring = await testConnection({}, cluster.url(roles.leader));
  const declared = await serveCalculator(declaring, calculatorHandlers, { queue, queueType: 'quorum' });
  await declared.close({ timeoutMs: 500 });
  await declaring.close();
  assert.equal(await cluster.queueLeader(queue), roles.leader, 'the queue is led by the node that declared it');

  let worker: EvaluateWorker | undefined;
  let conn: Connection | undefined;
  let calc: CalculatorClient | undefined;
  const killed = roles[victim];
  try {
    worker = await startEvaluateWorker(cluster.urlList(roles.server), queue);
    conn = await testConnection({ reconnect }, cluster.urlList(roles.caller));
    const callerDowns: number[] = [];
    const callerUps: number[] = [];
    conn.watch({ down: () => callerDowns.push(Date.now()), up: () => callerUps.push(Date.now()) });
    calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000 });
    await calc.calculate({ n: 1n }); // warm: reply queue declared, server consuming

    let killedAt = 0;
    const records = await runLoad(calc, { concurrency: 32, timeoutMs: 10_000, mixed }, async () => {
      await sleep(1_500);
      killedAt = Date.now();
      await cluster.kill(killed);
      await sleep(4_000);
    });
    const summary = summarize(records, killedAt);
    const runs = runCounts(records, worker.ran);
    const newLeader = await cluster.queueLeader(queue).catch((err: unknown) => String(err));
    const reconnectMs = (ups: number[]) => ups.filter((u) => u >= killedAt).map((u) => u - killedAt)[0];
    t.diagnostic(
      `killed node ${killed} (${victim}; leader ${roles.leader}, server ${roles.server}, caller ${roles.caller}): ` +
        JSON.stringify({ ...summary, ...runs, newLeader, serverReconnectMs: reconnectMs(worker.ups), callerReconnectMs: reconnectMs(callerUps) }),
    );
    assert.equal(summary.late, 0, 'calls that settled after their deadline');
    return { summary, runs, records, killedAt, worker, callerDowns, callerUps };
  } finally {
    await calc?.close();
    await conn?.close();
    await worker?.stop();
    const cleanup = await amqp.connect(cluster.url(killed === roles.leader ? roles.server : roles.leader));
    const ch = await cleanup.createChannel();
    await ch.deleteQueue(queue).catch(() => undefined);
    await ch.deleteQueue(`${queue}.dead-letter`).catch(() => undefined);
    await cleanup.close().catch(() => undefined);
  }
}

