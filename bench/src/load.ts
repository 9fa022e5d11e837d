import type { Size } from './scenario.js';

/** One measured cell from one client process. */
export interface LoadResult {
  /** Calls that finished inside the measurement window. */
  calls: number;
  failed: number;
  /** Length of the measurement window, seconds. */
  seconds: number;
  /** Latency of each call finished in the window, ms (microsecond resolution). */
  latencies: number[];
  /** Client CPU time (user + system) over the whole cell, warm-up and drain included, µs. */
  cpuMicros: number;
  /** Calls the client finished over the whole cell, to divide cpuMicros by. */
  totalCalls: number;
  /** The measurement window on the monotonic clock CPU profiles use, µs. */
  windowStartMicros: number;
  windowEndMicros: number;
  firstError?: string;
}

/**
 * Closed-loop load: `concurrency` callers each issue their next call as soon as the last
 * one settles. Calls finishing during the warm-up are not recorded; then every call that
 * finishes within the window is. Waits for the calls still in flight before returning.
 */
export async function runLoad(
  call: (size: Size) => Promise<void>,
  size: Size,
  concurrency: number,
  warmupMs: number,
  measureMs: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let recording = false;
  let stopped = false;
  let failed = 0;
  let totalCalls = 0;
  let firstError: string | undefined;
  const cpuStart = process.cpuUsage();
  const caller = async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        await call(size);
        totalCalls++;
        if (recording) latencies.push(Math.round((performance.now() - started) * 1000) / 1000);
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
        if (failed > 100) stopped = true; // a broken implementation must not spin for the whole cell
      }
    }
  };
  const callers = Array.from({ length: concurrency }, caller);
  await sleep(warmupMs);
  recording = true;
  const windowStart = performance.now();
  const windowStartMicros = monotonicMicros();
  await sleep(measureMs);
  recording = false;
  const windowEndMicros = monotonicMicros();
  const seconds = (performance.now() - windowStart) / 1000;
  stopped = true;
  await Promise.all(callers);
  const cpu = process.cpuUsage(cpuStart);
  const result: LoadResult = {
    calls: latencies.length,
    failed,
    seconds,
    latencies,
    cpuMicros: cpu.user + cpu.system,
    totalCalls,
    windowStartMicros,
    windowEndMicros,
  };
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}

/** The q-quantile of ascending `sorted` (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
