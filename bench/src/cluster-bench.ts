/**
 * The cluster scenario of `npm run bench -- --cluster`: warren on a 3-node RabbitMQ cluster
 * that test/support/cluster.ts starts on private ports (the shared broker is never touched).
 * Measures small calls at c=128 for warren on a classic queue on the single-node broker
 * (AMQP_URL) with and without publisher confirms, against a quorum queue on the cluster with
 * and without confirms (the server connected to the node leading the queue, as RabbitMQ
 * places a new quorum queue's leader on the declaring node, the caller to another); then the
 * failover stall: the node leading the queue killed -9 under load, the time until a call made
 * after the kill by a caller on a surviving node succeeds. */
import { connect, silentLogger } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { RabbitCluster } from '../../test/support/cluster.js';
import { brokerCpuReader } from './broker-cpu.js';
import { ChildHandle } from './child-handle.js';
import { quantile } from './load.js';
import { CALL_TIMEOUT_MS, DEFAULT_AMQP_URL, requestQueue, type Impl } from './scenario.js';

/** The concurrency of the cluster scenario's throughput cells (the issue's c=128). */
export const CLUSTER_CONCURRENCY = 128;

/** One throughput row of the cluster scenario: small calls at c=128. */
export interface ClusterRow {
  /** What it measures, as the report shows it. */
  label: string;
  /** The median of the rounds' calls/s. */
  callsPerSecond: number;
  perRepeat: number[];
  p50: number;
  p99: number;
  failed: number;
  firstError?: string;
  /** CPU the broker's beam processes (all three nodes on the cluster) spent per call, µs; undefined when unknown. */
  brokerCpuMicros: number | undefined;
}

/** One kill of the queue's leader under load. */
export interface FailoverRound {
  /** From the kill to the first success of a call made after it, ms. */
  stallMs: number;
  /** Calls that failed in the round (10 s deadlines, idempotent calls). */
  failed: number;
  calls: number;
  /** How long the killed node took to restart and rejoin, ms (not part of the stall). */
  restartMs: number;
}

export interface ClusterResults {
  bootMs: number;
  memoryMiB: (number | undefined)[];
  rows: ClusterRow[];
  failover: FailoverRound[];
}

export interface ClusterBenchOptions {
  repeats: number;
  warmupMs: number;
  measureMs: number;
  /** Kills of the leader for the failover stall. */
  failovers: number;
}

interface Setup {
  label: string;
  impl: Impl;
  queueType: 'classic' | 'quorum';
  serverUrl: string;
  clientUrl: string;
  /** The broker's CPU so far, µs (the sum of the cluster's nodes). */
  brokerCpu: (() => number) | undefined;
}

/** Starts the cluster, measures, stops it. */
export async function runClusterBench(options: ClusterBenchOptions, runId: string, log: (line: string) => void): Promise<ClusterResults> {
  log('  starting a 3-node cluster on private ports...');
  const cluster = await RabbitCluster.start();
  log(`  cluster up in ${(cluster.bootMs / 1000).toFixed(1)} s; nodes on ports ${cluster.nodes.map((n) => n.port).join(', ')}`);
  try {
    const single = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
    const singleCpu = brokerCpuReader(single);
    const nodeCpu = cluster.nodes.map((n) => brokerCpuReader(n.url));
    const clusterCpu = nodeCpu.every((r) => r !== undefined) ? () => nodeCpu.reduce((sum, r) => sum + r!(), 0) : undefined;
    const setups: Setup[] = [
      { label: 'classic queue, single node, confirms (the default)', impl: 'warren-queue', queueType: 'classic', serverUrl: single, clientUrl: single, brokerCpu: singleCpu },
      { label: 'classic queue, single node, no confirms', impl: 'warren-queue-unconfirmed', queueType: 'classic', serverUrl: single, clientUrl: single, brokerCpu: singleCpu },
      { label: 'quorum queue, 3-node cluster, confirms', impl: 'warren-queue', queueType: 'quorum', serverUrl: cluster.urlList(0), clientUrl: cluster.urlList(1), brokerCpu: clusterCpu },
      { label: 'quorum queue, 3-node cluster, no confirms', impl: 'warren-queue-unconfirmed', queueType: 'quorum', serverUrl: cluster.urlList(0), clientUrl: cluster.urlList(1), brokerCpu: clusterCpu },
    ];
    const rows = await throughput(setups, options, runId, log);
    const memoryMiB = cluster.memoryMiB();
    const failover: FailoverRound[] = [];
    for (let round = 0; round < options.failovers; round++) {
      failover.push(await failoverRound(cluster, `${requestQueue(runId, 'warren-queue')}.failover${round}`));
      const f = failover.at(-1)!;
      log(`  failover ${round + 1}: first success ${f.stallMs} ms after the kill; ${f.failed} of ${f.calls} calls failed; node restarted in ${(f.restartMs / 1000).toFixed(1)} s`);
    }
    return { bootMs: cluster.bootMs, memoryMiB, rows, failover };
  } finally {
    await cluster.stop();
  }
}

/** Every setup's server and client child, then rounds of one window each, order alternated. */
async function throughput(setups: Setup[], options: ClusterBenchOptions, runId: string, log: (line: string) => void): Promise<ClusterRow[]> {
  const pairs: { setup: Setup; server: ChildHandle; client: ChildHandle; rates: number[]; latencies: number[]; failed: number; firstError?: string; cpu: number; cpuCalls: number }[] = [];
  try {
    for (const [i, setup] of setups.entries()) {
      const queue = `${requestQueue(runId, setup.impl)}.cluster${i}`;
      const env = (url: string) => ({ AMQP_URL: url, BENCH_QUEUE_TYPE: setup.queueType });
      const server = await ChildHandle.start({ role: 'server', impl: setup.impl, queue }, [], env(setup.serverUrl));
      const client = await ChildHandle.start({ role: 'client', impl: setup.impl, queue }, [], env(setup.clientUrl));
      pairs.push({ setup, server, client, rates: [], latencies: [], failed: 0, cpu: 0, cpuCalls: 0 });
    }
    for (const pair of pairs) {
      await pair.client.request({ type: 'run', size: 'small', concurrency: 16, warmupMs: 1_000, measureMs: 1 }, 'result', CALL_TIMEOUT_MS + 20_000);
    }
    for (let round = 0; round < options.repeats; round++) {
      for (const pair of round % 2 === 0 ? pairs : [...pairs].reverse()) {
        const run = { type: 'run', size: 'small', concurrency: CLUSTER_CONCURRENCY, warmupMs: options.warmupMs, measureMs: options.measureMs } as const;
        const cpuBefore = pair.setup.brokerCpu?.() ?? 0;
        const { result } = await pair.client.request(run, 'result', run.warmupMs + run.measureMs + CALL_TIMEOUT_MS + 10_000);
        pair.cpu += (pair.setup.brokerCpu?.() ?? 0) - cpuBefore;
        pair.cpuCalls += result.totalCalls;
        const rate = result.calls / result.seconds;
        pair.rates.push(rate);
        for (const l of result.latencies) pair.latencies.push(l);
        pair.failed += result.failed;
        pair.firstError ??= result.firstError;
        log(`  round ${round + 1} ${pair.setup.label.padEnd(52)} ${rate.toFixed(0).padStart(6)} calls/s${result.failed ? `  ${result.failed} FAILED (${result.firstError})` : ''}`);
      }
    }
  } finally {
    await Promise.all(
      pairs.map(async ({ server, client }) => {
        await client.stop().catch(() => client.kill());
        await server.stop().catch(() => server.kill());
      }),
    );
  }
  return pairs.map((p) => {
    const sorted = p.latencies.sort((a, b) => a - b);
    const row: ClusterRow = {
      label: p.setup.label,
      // The median round: on a shared machine one round can catch a burst of other work.
      callsPerSecond: median(p.rates),
      perRepeat: p.rates,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      failed: p.failed,
      brokerCpuMicros: p.setup.brokerCpu ? p.cpu / Math.max(1, p.cpuCalls) : undefined,
    };
    if (p.firstError !== undefined) row.firstError = p.firstError;
    return row;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The queue led by node 0 (declared through it), a warren server child on node 1, a caller
 * here on node 2 with 128 idempotent calls in flight; node 0 killed -9 after 2 s, load kept
 * up 3 s more, then node 0 restarted for the next round.
 */
async function failoverRound(cluster: RabbitCluster, queue: string): Promise<FailoverRound> {
  const declaring = await connect(cluster.url(0), { logger: silentLogger });
  await (await serveCalculator(declaring, { calculate: (r) => ({ result: r.n * 2n }), evaluate: () => ({ value: 0, steps: [] }), async *evaluateSteps() {} }, { queue, queueType: 'quorum' })).close();
  await declaring.close();
  const server = await ChildHandle.start({ role: 'server', impl: 'warren-queue', queue }, [], { AMQP_URL: cluster.urlList(1), BENCH_QUEUE_TYPE: 'quorum' });
  const conn = await connect(cluster.urlList(2), { logger: silentLogger, reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 } });
  const client = new CalculatorClient(conn, { queue, timeoutMs: 10_000 });
  let killedAt = Infinity;
  let firstAfter = Infinity;
  let calls = 0;
  let failed = 0;
  let running = true;
  try {
    const loop = async () => {
      while (running) {
        const started = Date.now();
        calls++;
        try {
          await client.evaluate({ operation: 1, operands: [{ value: 1, label: '' }] });
          if (started >= killedAt) firstAfter = Math.min(firstAfter, Date.now());
        } catch {
          failed++;
          await sleep(10);
        }
      }
    };
    const loops = Array.from({ length: CLUSTER_CONCURRENCY }, loop);
    await sleep(2_000);
    killedAt = Date.now();
    await cluster.kill(0);
    await sleep(3_000);
    running = false;
    await Promise.all(loops);
  } finally {
    await client.close();
    await conn.close();
    await server.stop().catch(() => server.kill());
  }
  const restartMs = await cluster.restart(0);
  return { stallMs: firstAfter - killedAt, failed, calls, restartMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
