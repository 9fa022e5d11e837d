import { ChildHandle } from './child-handle.js';
import { quantile, type LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import { CALL_TIMEOUT_MS, requestQueue, type Impl, type Size } from './scenario.js';

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
  const acc = new Map<string, { results: LoadResult[]; serverCpu: number; serverCalls: number }>();
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
        const order = runOrder(options.impls, round, index);
        for (const impl of order) {
          const { server, client } = pairs.get(impl)!;
          const before = await server.request({ type: 'stats' }, 'stats', 10_000);
          const { result } = await client.request(
            { type: 'run', size, concurrency, warmupMs: options.warmupMs, measureMs: options.measureMs },
            'result',
            options.warmupMs + options.measureMs + CALL_TIMEOUT_MS + 10_000,
          );
          const after = await server.request({ type: 'stats' }, 'stats', 10_000);
          const key = `${impl}|${size}|${concurrency}`;
          const entry = acc.get(key) ?? { results: [], serverCpu: 0, serverCalls: 0 };
          entry.results.push(result);
          entry.serverCpu += after.cpuMicros - before.cpuMicros;
          entry.serverCalls += after.handled - before.handled;
          acc.set(key, entry);
          const rate = result.calls / result.seconds;
          log(
            `  round ${round + 1} ${size.padEnd(5)} c=${String(concurrency).padEnd(3)} ${impl.padEnd(15)} ` +
              `${rate.toFixed(0).padStart(6)} calls/s  p50 ${quantile([...result.latencies].sort((a, b) => a - b), 0.5).toFixed(2)} ms` +
              (result.failed ? `  ${result.failed} FAILED (${result.firstError})` : ''),
          );
        }
      }
    }
    return [...acc.entries()].map(([key, { results, serverCpu, serverCalls }]) => summarize(key, results, serverCpu, serverCalls));
  } finally {
    await Promise.all(
      [...pairs.values()].map(async ({ server, client }) => {
        await client.stop().catch(() => client.kill());
        await server.stop().catch(() => server.kill());
      }),
    );
  }
}

/**
 * The order implementations run in, for one cell of one round: it flips from cell to cell
 * and, for the same cell, from round to round. (A counter running across rounds would not
 * flip a cell between rounds when a round has an odd number of cells.)
 */
export function runOrder<T>(impls: readonly T[], round: number, cellIndex: number): readonly T[] {
  return (round + cellIndex) % 2 === 0 ? impls : [...impls].reverse();
}

function summarize(key: string, results: LoadResult[], serverCpu: number, serverCalls: number): Cell {
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
  };
  const firstError = results.find((r) => r.firstError)?.firstError;
  if (firstError !== undefined) cell.firstError = firstError;
  return cell;
}
