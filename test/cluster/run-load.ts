import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RpcError } from '@warren/runtime';
import { EvaluateRequest_Operation as Operation, type CalculatorClient } from '../../generated/calculator.js';

/** One call of {@link runLoad}. */
export interface CallRecord {
  /** `<prefix><n>` (`c<n>` by default): the label of its first operand, which the server prints when it runs it. */
  readonly label: string;
  readonly idempotent: boolean;
  readonly startedAt: number;
  readonly deadline: number;
  settledAt: number;
  /** `OK`, an RpcError code, or `WRONG` when the answer was not the expected one. */
  code: string;
  /** The error's message, for a call that failed. */
  message?: string;
}

/** What a load run saw, in numbers. */
export interface LoadSummary {
  calls: number;
  /** Calls by outcome, idempotent (evaluate) and not (calculate) apart. */
  idempotent: Record<string, number>;
  nonIdempotent: Record<string, number>;
  /** Calls that settled more than 250 ms after their deadline. */
  late: number;
  /** Latency of successful calls, ms. */
  p50: number;
  p99: number;
  max: number;
  /**
   * From `eventAt` to the first success of a call started after it, ms: how long new calls
   * could not get through.
   */
  stallMs: number;
}

/**
 * Keeps `concurrency` calls in flight from `calc` until `during` resolves, then waits for every
 * call to settle. Each loop makes calls one after the other: evaluate (idempotent) always, or
 * every other call calculate (not idempotent) when `mixed`. Answers are checked. Runs
 * that load the same servers at once need a `labelPrefix` each, for {@link runCounts}.
 */
export async function runLoad(
  calc: CalculatorClient,
  options: { concurrency: number; timeoutMs: number; mixed?: boolean; labelPrefix?: string },
  during: () => Promise<void>,
): Promise<CallRecord[]> {
  const records: CallRecord[] = [];
  let running = true;
  let n = 0;
  const loop = async (k: number) => {
    for (let i = 0; running; i++) {
      const id = n++;
      const idempotent = !options.mixed || (i + k) % 2 === 0;
      const startedAt = Date.now();
      const record: CallRecord = { label: `${options.labelPrefix ?? 'c'}${id}`, idempotent, startedAt, deadline: startedAt + options.timeoutMs, settledAt: 0, code: '' };
      records.push(record);
      try {
        if (idempotent) {
          const reply = await calc.evaluate(
            { operation: Operation.OPERATION_ADD, operands: [{ value: id, label: record.label }, { value: 1, label: '' }] },
            { timeoutMs: options.timeoutMs },
          );
          record.code = reply.value === id + 1 ? 'OK' : 'WRONG';
        } else {
          const reply = await calc.calculate({ n: BigInt(id) }, { timeoutMs: options.timeoutMs });
          record.code = reply.result === BigInt(id) * 2n ? 'OK' : 'WRONG';
        }
      } catch (err) {
        record.code = err instanceof RpcError ? err.code : `not an RpcError: ${String(err)}`;
        record.message = err instanceof Error ? err.message : String(err);
      }
      record.settledAt = Date.now();
      // A call that fails at once settles in a microtask: without a pause the loops would
      // spin and starve the event loop (and the connection's heartbeats).
      await new Promise((r) => setTimeout(r, record.code === 'OK' ? 0 : 10));
    }
  };
  const loops = Array.from({ length: options.concurrency }, (_, k) => loop(k));
  try {
    await during();
  } finally {
    running = false;
    await Promise.all(loops);
  }
  return records;
}

/** Numbers of a load run; `eventAt` is when the fault was made (a node killed). */
export function summarize(records: CallRecord[], eventAt: number): LoadSummary {
  const byCode = (list: CallRecord[]) => list.reduce<Record<string, number>>((m, r) => ((m[r.code] = (m[r.code] ?? 0) + 1), m), {});
  const ok = records.filter((r) => r.code === 'OK');
  const latencies = ok.map((r) => r.settledAt - r.startedAt).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const firstAfter = ok.filter((r) => r.startedAt >= eventAt).reduce((m, r) => Math.min(m, r.settledAt), Infinity);
  return {
    calls: records.length,
    idempotent: byCode(records.filter((r) => r.idempotent)),
    nonIdempotent: byCode(records.filter((r) => !r.idempotent)),
    late: records.filter((r) => r.settledAt > r.deadline + 250).length,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
    stallMs: firstAfter - eventAt,
  };
}

/** Each distinct error message of failed calls, with how many calls ended with it: for the test output. */
export function failureMessages(records: CallRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) if (r.code !== 'OK') out[`${r.code}: ${r.message ?? ''}`] = (out[`${r.code}: ${r.message ?? ''}`] ?? 0) + 1;
  return out;
}

/** How often each label was run by the servers: requests run twice, and answered calls no server ran. */
export function runCounts(records: CallRecord[], ran: string[]): { ranTwice: number; answeredNotRun: number; runs: number } {
  const counts = new Map<string, number>();
  for (const label of ran) counts.set(label, (counts.get(label) ?? 0) + 1);
  return {
    runs: ran.length,
    ranTwice: [...counts.values()].filter((c) => c > 1).length,
    answeredNotRun: records.filter((r) => r.idempotent && r.code === 'OK' && !counts.has(r.label)).length,
  };
}

/**
 * Watches this process's event loop from now; the function returned stops and gives the
 * longest delay seen, ms. A call settles when its deadline timer runs, which is no sooner
 * than the event loop lets it: on a busy machine (nodes restarting, six beam processes on
 * 2 cores) this process can be held up for a second, and a call settling that much after its
 * deadline is the machine's doing, not a hang.
 */
export function watchEventLoop(): () => number {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  return () => {
    histogram.disable();
    return Math.round(histogram.max / 1e6);
  };
}

/** Calls that settled more than 250 ms plus `loopDelayMs` (see {@link watchEventLoop}) after their deadline. */
export function lateCalls(records: CallRecord[], loopDelayMs: number): CallRecord[] {
  return records.filter((r) => r.settledAt > r.deadline + 250 + loopDelayMs);
}
