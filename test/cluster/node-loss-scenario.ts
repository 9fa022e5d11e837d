import assert from 'node:assert/strict';
import type { Connection, ReplyMode } from '@warren/runtime';
import { CalculatorClient } from '../../generated/calculator.js';
import { testConnection } from '../support/broker.js';
import type { RabbitCluster } from '../support/cluster.js';
import { declareRequestQueue, deleteRequestQueue, restartDownNodes } from './cluster-suite.js';
import { startEvaluateWorker, type EvaluateWorker } from './evaluate-worker-process.js';
import { failureMessages, runCounts, runLoad, summarize, type CallRecord } from './run-load.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reconnect = { initialDelayMs: 100, maxDelayMs: 1_000 };

/** Which node (index) leads the request queue, serves it, and calls it. */
export interface Roles {
  leader: number;
  server: number;
  caller: number;
}

/** How a {@link nodeLossScenario} runs beyond its roles. */
export interface ScenarioOptions {
  /** Every other call non-idempotent (calculate), else all idempotent (evaluate). */
  mixed?: boolean;
  /** The caller's reply mode (the client's default, `queue`, unless set). */
  replyMode?: ReplyMode;
  /** A second caller (16 calls in flight, idempotent) connected to this node, which is not killed. */
  bystander?: number;
}

/** A caller of a scenario: its connection, its client, and when its connection went and came back. */
export interface Caller {
  readonly conn: Connection;
  readonly calc: CalculatorClient;
  readonly downs: number[];
  readonly ups: number[];
  /** Warnings its connection logged (a stuck channel replaced, ...), in order. */
  readonly warnings: string[];
  close(): Promise<void>;
}

/** A caller connected to `urls` (a comma list), with a fast reconnect and 10 s deadlines. */
export async function startCaller(urls: string, queue: string, replyMode?: ReplyMode): Promise<Caller> {
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message), error: (message: string) => warnings.push(message) };
  const conn = await testConnection({ reconnect, logger }, urls);
  const downs: number[] = [];
  const ups: number[] = [];
  conn.watch({ down: () => downs.push(Date.now()), up: () => ups.push(Date.now()) });
  const calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000, replyMode });
  return {
    conn,
    calc,
    downs,
    ups,
    warnings,
    async close() {
      await calc.close();
      await conn.close();
    },
  };
}

/**
 * One node-loss run: a fresh quorum request queue led by node `roles.leader`, one server
 * process connected to `roles.server` and a caller in this process connected to
 * `roles.caller` (each with the other nodes next in its URL list); 32 calls in flight, the
 * `victim` role's node killed -9 1.5 s in, load kept up for 4 s more. Prints its numbers;
 * asserts only that no call settled after its deadline. Any node left down (by this run or an
 * earlier one) is restarted first, not after, so the last run of a file costs no restart.
 */
export async function nodeLossScenario(
  cluster: RabbitCluster,
  t: { diagnostic(message: string): void },
  roles: Roles,
  victim: keyof Roles,
  options: ScenarioOptions = {},
) {
  await restartDownNodes(cluster, t);
  const queue = await declareRequestQueue(cluster, roles.leader, 'quorum');
  assert.equal(await cluster.queueLeader(queue), roles.leader, 'the queue is led by the node that declared it');

  let worker: EvaluateWorker | undefined;
  let caller: Caller | undefined;
  let bystander: Caller | undefined;
  const killed = roles[victim];
  try {
    worker = await startEvaluateWorker(cluster.urlList(roles.server), queue);
    caller = await startCaller(cluster.urlList(roles.caller), queue, options.replyMode);
    await caller.calc.calculate({ n: 1n }); // warm: reply queue declared, server consuming
    if (options.bystander !== undefined) {
      bystander = await startCaller(cluster.urlList(options.bystander), queue, options.replyMode);
      await bystander.calc.calculate({ n: 1n });
    }

    let killedAt = 0;
    let bystanderRecords: CallRecord[] = [];
    const records = await runLoad(caller.calc, { concurrency: 32, timeoutMs: 10_000, mixed: options.mixed }, async () => {
      const during = async () => {
        await sleep(1_500);
        killedAt = Date.now();
        await cluster.kill(killed);
        await sleep(4_000);
      };
      if (!bystander) return during();
      bystanderRecords = await runLoad(bystander.calc, { concurrency: 16, timeoutMs: 10_000, labelPrefix: 'b' }, during);
    });
    await sleep(300); // the server's last "ran" lines come over a pipe, and may trail the replies
    const summary = summarize(records, killedAt);
    const bystanderSummary = bystander ? summarize(bystanderRecords, killedAt) : undefined;
    const runs = runCounts([...records, ...bystanderRecords], worker.ran);
    const newLeader = await cluster.queueLeader(queue).catch((err: unknown) => String(err));
    const reconnectMs = (ups: number[]) => ups.filter((u) => u >= killedAt).map((u) => u - killedAt)[0];
    t.diagnostic(
      `killed node ${killed} (${victim}; leader ${roles.leader}, server ${roles.server}, caller ${roles.caller}` +
        `${options.bystander === undefined ? '' : `, bystander ${options.bystander}`}, reply mode ${options.replyMode ?? 'queue'}): ` +
        JSON.stringify({ ...summary, ...runs, newLeader, serverReconnectMs: reconnectMs(worker.ups), callerReconnectMs: reconnectMs(caller.ups) }),
    );
    const failures = failureMessages([...records, ...bystanderRecords]);
    if (Object.keys(failures).length > 0) t.diagnostic(`failures: ${JSON.stringify(failures)}`);
    if (bystanderSummary) t.diagnostic(`bystander: ${JSON.stringify(bystanderSummary)}`);
    assert.equal(summary.late + (bystanderSummary?.late ?? 0), 0, 'calls that settled after their deadline');
    return { summary, bystanderSummary, runs, records, killedAt, worker, callerDowns: caller.downs, callerUps: caller.ups };
  } finally {
    await bystander?.close();
    await caller?.close();
    await worker?.stop();
    await deleteRequestQueue(cluster, queue);
  }
}
