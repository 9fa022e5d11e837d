import { brokerCpuReader } from './broker-cpu.js';
import { ChildHandle } from './child-handle.js';
import { quantile, type LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import type { ToChild } from './ipc.js';
import { CALL_TIMEOUT_MS, DEFAULT_AMQP_URL, requestQueue, type Impl, type Size } from './scenario.js';

/** One implementation at one size and concurrency, over every repeat of the run. */
export interface Cell {
  impl: Impl;
  size: Size;
  concurrency: number;
  /** Calls per second of each repeat, in run order. */
  perRepeat: number[];
  /** All repeats together: calls finished in the windows over the windows' length. */
  callsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
  firstError?: string;
  /** CPU time per call, µs, over the whole cell (warm-up included). */
  clientCpuMicros: number;
  serverCpuMicros: number;
  /** The local broker's CPU per call over the cell (see broker-cpu.ts); undefined when remote. */
  brokerCpuMicros: number | undefined;
}

interface Pair {
  server: ChildHandle;
  client: ChildHandle;
}

/**
 * Runs every selected cell `repeats` times. Each implementation has one server and one
 * client process for the whole run (warm JIT for everyone); cells run one at a time, and the
 * order of implementations flips between cells and between rounds so drift (other load on
 * the machine, broker state) does not favour whoever runs first.
 */
export async function runThroughput(options: BenchOptions, runId: string, log: (line: string) => void): Promise<Cell[]> {
  const pairs = new Map<Impl, Pair>();
  const acc = new Map<string, Accumulated>();
  const brokerCpu = brokerCpuReader(process.env.AMQP_URL ?? DEFAULT_AMQP_URL);
  try {
    for (const impl of options.impls) {
      const queue = requestQueue(runId, impl);
      const server = await ChildHandle.start({ role: 'server', impl, queue });
      const client = await ChildHandle.start({ role: 'client', impl, queue });
      pairs.set(impl, { server, client });
    }
    // One unrecorded pass over every size first, so the first measured cell does not catch
    // whoever runs first with a cold JIT (each cell still has its own warm-up as well).
    log(`  warming up every implementation (${options.sizes.join(', ')} at c=16, not recorded)`);
    for (const impl of options.impls) {
      for (const size of options.sizes) {
        await pairs.get(impl)!.client.request(
          { type: 'run', size, concurrency: 16, warmupMs: options.quick ? 300 : 1000, measureMs: 1 },
          'result',
          CALL_TIMEOUT_MS + 20_000,
        );
      }
    }
    const cells = options.sizes.flatMap((size) => options.concurrencies.map((concurrency) => ({ size, concurrency })));
    for (let round = 0; round < options.repeats; round++) {
      for (const [index, { size, concurrency }] of cells.entries()) {
        const slices = concurrency === 1 ? LONE_CALLER_SLICES : 1;
        const inRound = new Map<Impl, LoadResult[]>(options.impls.map((impl) => [impl, []]));
        // What each server had spent before this round's windows, for its CPU per call in the log line.
        const serverBefore = new Map(options.impls.map((impl) => [impl, { ...entryOf(acc, `${impl}|${size}|${concurrency}`) }]));
        for (let slice = 0; slice < slices; slice++) {
          const warmupMs = slice === 0 ? options.warmupMs : Math.min(SLICE_WARMUP_MS, options.warmupMs);
          const run: RunRequest = { type: 'run', size, concurrency, warmupMs, measureMs: options.measureMs / slices };
          for (const impl of runOrder(options.impls, round + slice, index)) {
            inRound.get(impl)!.push(await measureWindow(pairs.get(impl)!, run, brokerCpu, entryOf(acc, `${impl}|${size}|${concurrency}`)));
          }
        }
        for (const impl of runOrder(options.impls, round, index)) {
          const result = mergeSlices(inRound.get(impl)!);
          const entry = entryOf(acc, `${impl}|${size}|${concurrency}`);
          entry.results.push(result);
          const rate = result.calls / result.seconds;
          const before = serverBefore.get(impl)!;
          const serverCpu = (entry.serverCpu - before.serverCpu) / Math.max(1, entry.serverCalls - before.serverCalls);
          log(
            `  round ${round + 1} ${size.padEnd(5)} c=${String(concurrency).padEnd(3)} ${impl.padEnd(24)} ` +
              `${rate.toFixed(0).padStart(6)} calls/s  p50 ${quantile([...result.latencies].sort((a, b) => a - b), 0.5).toFixed(2)} ms` +
              `  CPU µs/call client ${(result.cpuMicros / Math.max(1, result.totalCalls)).toFixed(0)} server ${serverCpu.toFixed(0)}` +
              (slices > 1 ? ` (${slices} slices)` : '') +
              (result.failed ? `  ${result.failed} FAILED (${result.firstError})` : ''),
          );
        }
      }
    }
    return [...acc.entries()].map(([key, entry]) => summarize(key, entry, brokerCpu !== undefined));
  } finally {
    await Promise.all(
      [...pairs.values()].map(async ({ server, client }) => {
        await client.stop().catch(() => client.kill());
        await server.stop().catch(() => server.kill());
      }),
    );
  }
}

type RunRequest = Extract<ToChild, { type: 'run' }>;

/**
 * One measured window of one implementation; adds what the server and the broker spent
 * during it to `entry` and returns the client's result.
 */
async function measureWindow({ server, client }: Pair, run: RunRequest, brokerCpu: (() => number) | undefined, entry: Accumulated): Promise<LoadResult> {
  const before = await server.request({ type: 'stats' }, 'stats', 10_000);
  const brokerBefore = brokerCpu?.() ?? 0;
  const { result } = await client.request(run, 'result', run.warmupMs + run.measureMs + CALL_TIMEOUT_MS + 10_000);
  entry.brokerCpu += (brokerCpu?.() ?? 0) - brokerBefore;
  const after = await server.request({ type: 'stats' }, 'stats', 10_000);
  entry.serverCpu += after.cpuMicros - before.cpuMicros;
  entry.serverCalls += after.handled - before.handled;
  return result;
}

function entryOf(acc: Map<string, Accumulated>, key: string): Accumulated {
  let entry = acc.get(key);
  if (!entry) acc.set(key, (entry = { results: [], serverCpu: 0, serverCalls: 0, brokerCpu: 0 }));
  return entry;
}

/**
 * A lone caller's cell (c=1) is measured in this many slices per round, the implementations
 * taking turns between slices (A B, B A, A B, ...). At c=1 calls/s on the shared machine
 * drifts by up to 2x within seconds, so one 2 s window per implementation after another
 * compared moments as much as implementations; short alternating slices put both sides in
 * the same moments. Larger concurrencies keep one window: their pipelines take a while to
 * fill (a 1 MiB call at c=128 takes most of a second) and their rates drift less.
 */
export const LONE_CALLER_SLICES = 8;
/** Unrecorded calls before each slice after the first (the first has the full warm-up). */
const SLICE_WARMUP_MS = 100;

/** One round's slices of one implementation as a single result, as if measured in one window. */
export function mergeSlices(slices: readonly LoadResult[]): LoadResult {
  const merged: LoadResult = {
    calls: 0,
    failed: 0,
    seconds: 0,
    latencies: [],
    cpuMicros: 0,
    totalCalls: 0,
    windowStartMicros: Math.min(...slices.map((s) => s.windowStartMicros)),
    windowEndMicros: Math.max(...slices.map((s) => s.windowEndMicros)),
  };
  for (const s of slices) {
    merged.calls += s.calls;
    merged.failed += s.failed;
    merged.seconds += s.seconds;
    for (const l of s.latencies) merged.latencies.push(l);
    merged.cpuMicros += s.cpuMicros;
    merged.totalCalls += s.totalCalls;
    if (merged.firstError === undefined && s.firstError !== undefined) merged.firstError = s.firstError;
  }
  return merged;
}

/**
 * The order implementations run in, for one cell of one round: it flips from cell to cell
 * and, for the same cell, from round to round. (A counter running across rounds would not
 * flip a cell between rounds when a round has an odd number of cells.)
 */
export function runOrder<T>(impls: readonly T[], round: number, cellIndex: number): readonly T[] {
  return (round + cellIndex) % 2 === 0 ? impls : [...impls].reverse();
}

interface Accumulated {
  results: LoadResult[];
  serverCpu: number;
  serverCalls: number;
  brokerCpu: number;
}

function summarize(key: string, { results, serverCpu, serverCalls, brokerCpu }: Accumulated, brokerKnown: boolean): Cell {
  const [impl, size, concurrency] = key.split('|') as [Impl, Size, string];
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const calls = results.reduce((n, r) => n + r.calls, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  const totalCalls = results.reduce((n, r) => n + r.totalCalls, 0);
  const cell: Cell = {
    impl,
    size,
    concurrency: Number(concurrency),
    perRepeat: results.map((r) => r.calls / r.seconds),
    callsPerSecond: calls / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    failed: results.reduce((n, r) => n + r.failed, 0),
    clientCpuMicros: results.reduce((n, r) => n + r.cpuMicros, 0) / Math.max(1, totalCalls),
    serverCpuMicros: serverCpu / Math.max(1, serverCalls),
    brokerCpuMicros: brokerKnown ? brokerCpu / Math.max(1, serverCalls) : undefined,
  };
  const firstError = results.find((r) => r.firstError)?.firstError;
  if (firstError !== undefined) cell.firstError = firstError;
  return cell;
}
