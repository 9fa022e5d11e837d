/**
 * `npm run bench`: warren's generated client and server against a hand-written amqplib RPC
 * (direct reply-to and an exclusive reply queue) and rabbitmq-client's RPCClient, in one run,
 * plus codegen time, client memory with calls in flight and CPU profiles. Results go to
 * docs/benchmarks.md between markers. See `npm run bench -- --help`.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl } from '@warren/runtime';
import { BrokerAdmin } from './broker.js';
import { buildChildren } from './build.js';
import { runClusterBench, type ClusterResults } from './cluster-bench.js';
import { judgeClusterTargets, renderCluster, writeCluster } from './cluster-report.js';
import { runCodegen, type CodegenRow } from './codegen-bench.js';
import { describeMachine, runtimeBuildTime } from './machine.js';
import { runMemory, type MemoryRow } from './memory.js';
import { parseOptions, USAGE } from './options.js';
import { runProfiles, type ProfileSummary } from './profile.js';
import { renderResults, START_MARKER, writeResults } from './report.js';
import { DEFAULT_AMQP_URL, requestQueue } from './scenario.js';
import { judgeTargets } from './targets.js';
import { runThroughput, type Cell } from './throughput.js';
import { runStreams, type StreamResults } from './stream-part.js';
import { judgeStreamTargets } from './stream-report.js';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/benchmarks.md');

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (message === USAGE) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`${message}\n\n${USAGE}\n`);
    return 2;
  }
  const url = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
  process.env.AMQP_URL = url; // the children read it from the environment, never from argv
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

  log(`warren bench ${runId} against ${redactUrl(url)}${options.quick ? ' (quick)' : ''}; parts: ${[...options.parts, ...(options.cluster ? ['cluster'] : [])].join(', ')}`);
  log('compiling the child processes (bench/dist)...');
  buildChildren();
  const admin = await BrokerAdmin.open(url);
  const machine = describeMachine(admin.brokerVersion);
  log(`${machine.broker}; node ${machine.node}; ${machine.cores} cores; load ${machine.loadStart.map((l) => l.toFixed(2)).join(' ')}`);

  let cells: Cell[] = [];
  let codegen: CodegenRow[] = [];
  let memory: MemoryRow[] = [];
  let profiles: ProfileSummary[] = [];
  let cluster: ClusterResults | undefined;
  let streams: StreamResults | undefined;
  try {
    if (options.parts.includes('codegen')) {
      log('codegen, cold:');
      codegen = runCodegen(options, log);
    }
    if (options.parts.includes('throughput')) {
      log(`throughput: ${options.impls.length} implementations x ${options.sizes.length} sizes x ${options.concurrencies.length} concurrencies x ${options.repeats} rounds`);
      cells = await runThroughput(options, runId, log);
    }
    if (options.parts.includes('memory')) {
      log(`memory, ${options.inFlight} calls in flight:`);
      memory = await runMemory(options, runId, admin, log);
    }
    if (options.parts.includes('profile')) {
      log(`profiles at c=${options.profileConcurrency}, ${options.profileSize} calls:`);
      profiles = await runProfiles(options, runId, log);
    }
    if (options.parts.includes('stream')) {
      log(`server streaming, one stream of small items, ${options.repeats} rounds:`);
      streams = await runStreams(options, runId, admin, log);
    }
    if (options.cluster) {
      log(`cluster scenario (small calls at c=128, ${options.repeats} rounds; ${options.failovers} leader kills):`);
      cluster = await runClusterBench(options, runId, log);
    }
  } finally {
    // Children delete their own queues; this catches what a crashed child left behind.
    const leftovers = options.impls.flatMap((i) => {
      const q = requestQueue(runId, i);
      return [q, `${q}.dead-letter`, `${q}.profile`, `${q}.profile.dead-letter`];
    });
    await admin.deleteQueues(leftovers).catch(() => undefined);
    await admin.close();
  }

  machine.loadEnd = os.loadavg();
  const builtAtEnd = runtimeBuildTime();
  if (builtAtEnd !== machine.runtimeBuiltAt) {
    machine.runtimeRebuilt = builtAtEnd;
    log(`WARNING: packages/runtime/dist was rebuilt during the run (${builtAtEnd}); later parts measured newer code`);
  }
  const targets = options.parts.length > 0 ? [...judgeTargets(cells, codegen, memory), ...(streams ? judgeStreamTargets(streams) : [])] : [];
  const clusterTargets = cluster ? judgeClusterTargets(cluster) : [];
  const durationSeconds = (performance.now() - started) / 1000;
  const section = renderResults({ options, machine, durationSeconds, cells, codegen, memory, profiles, streams, targets });
  log('');
  for (const t of [...targets, ...clusterTargets]) log(`${t.verdict.padEnd(17)} ${t.target}: ${t.measured}`);
  if (cluster && options.writeCluster) {
    writeCluster(DOCS, renderCluster(options, machine, cluster, clusterTargets), START_MARKER);
    log(`\nwrote the cluster section of ${path.relative(process.cwd(), DOCS)}`);
  }
  if (options.write && options.parts.length > 0) {
    writeResults(DOCS, section);
    log(`\nwrote ${path.relative(process.cwd(), DOCS)} (${Math.round(durationSeconds)} s)`);
  } else {
    log(`\n(not written to docs/benchmarks.md: quick or partial run; pass --write to write it) ${Math.round(durationSeconds)} s`);
  }
  const failed = cells.some((c) => c.failed > 0) || (cluster?.rows.some((r) => r.failed > 0) ?? false) || memory.some((m) => m.failed > 0) || codegen.some((c) => c.status === 'failed');
  return failed ? 1 : 0;
}

process.exitCode = await main();
