import type { BrokerAdmin } from './broker.js';
import { ChildHandle } from './child-handle.js';
import type { BenchOptions } from './options.js';
import { requestQueue, type Impl } from './scenario.js';

/** Client memory with many calls in flight, per implementation. */
export interface MemoryRow {
  impl: Impl;
  calls: number;
  /** RSS after connecting, before any call (after a full GC), bytes. */
  rssIdle: number;
  /** RSS with every call published and none answered (after a full GC), bytes. */
  rssInFlight: number;
  heapInFlight: number;
  ok: number;
  failed: number;
  firstError?: string;
}

/**
 * For each implementation: a fresh client process fires `inFlight` small calls at a queue
 * nobody consumes yet, so all of them stay in flight; RSS is taken once they are written
 * out. Then a server starts and answers them all, proving they were real calls.
 */
export async function runMemory(options: BenchOptions, runId: string, admin: BrokerAdmin, log: (line: string) => void): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  for (const impl of options.impls) {
    const queue = `${requestQueue(runId, impl)}.memory`;
    await admin.declareRequestQueue(queue);
    const client = await ChildHandle.start({ role: 'client', impl, queue });
    let server: ChildHandle | undefined;
    try {
      const fired = await client.request({ type: 'fire', calls: options.inFlight, settleMs: options.quick ? 1_500 : 3_000 }, 'fired', 60_000);
      server = await ChildHandle.start({ role: 'server', impl, queue });
      const settled = await client.next('settled', 120_000);
      const row: MemoryRow = {
        impl,
        calls: options.inFlight,
        rssIdle: fired.rssIdle,
        rssInFlight: fired.rssInFlight,
        heapInFlight: fired.heapInFlight,
        ok: settled.ok,
        failed: settled.failed,
      };
      if (settled.firstError !== undefined) row.firstError = settled.firstError;
      rows.push(row);
      const mib = (b: number) => (b / 1048576).toFixed(1);
      log(`  ${impl.padEnd(15)} idle ${mib(row.rssIdle)} MiB, ${row.calls} in flight ${mib(row.rssInFlight)} MiB; answered ${row.ok}, failed ${row.failed}`);
    } finally {
      await client.stop().catch(() => client.kill());
      await server?.stop().catch(() => server?.kill());
      await admin.deleteQueues([queue, `${queue}.dead-letter`]);
    }
  }
  return rows;
}
