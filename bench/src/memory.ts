import { execFileSync } from 'node:child_process';
import type { BrokerAdmin } from './broker.js';
import { ChildHandle } from './child-handle.js';
import type { BenchOptions } from './options.js';
import { requestQueue, type Impl } from './scenario.js';

/** Client memory with many calls in flight, per implementation. */
export interface MemoryRow {
  impl: Impl;
  calls: number;
  /** RSS of a bare node process on this machine (nothing loaded, after a full GC), bytes. */
  rssBareNode: number;
  /** RSS after connecting, before any call (after a full GC), bytes. */
  rssIdle: number;
  /** RSS with every call published and none answered (after a full GC), bytes. */
  rssInFlight: number;
  heapInFlight: number;
  /** Memory of ArrayBuffers and Buffers (outside the JS heap) with the calls in flight, bytes. */
  arrayBuffersInFlight: number;
  /** Requests in the queue when RSS was read (all of them unless the burst timed out after 60 s). */
  queued: number;
  /** From firing the calls until all of them were in the queue, ms. */
  burstMs: number;
  ok: number;
  failed: number;
  firstError?: string;
}

/**
 * For each implementation: a fresh client process fires `inFlight` small calls at a queue
 * nobody consumes yet, so all of them stay in flight; RSS is taken once the broker holds
 * every request. Then a server starts and answers them all, proving they were real calls.
 */
export async function runMemory(options: BenchOptions, runId: string, admin: BrokerAdmin, log: (line: string) => void): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  const rssBareNode = bareNodeRss();
  log(`  a bare node process: ${(rssBareNode / 1048576).toFixed(1)} MiB RSS`);
  for (const impl of options.impls) {
    const queue = `${requestQueue(runId, impl)}.memory`;
    await admin.declareRequestQueue(queue);
    const client = await ChildHandle.start({ role: 'client', impl, queue });
    let server: ChildHandle | undefined;
    try {
      const started = performance.now();
      const { rssIdle } = await client.request({ type: 'fire', calls: options.inFlight }, 'firing', 30_000);
      // RSS is read once every request is in the queue: the whole burst is out of the client.
      let queued = 0;
      while ((queued = await admin.messageCount(queue)) < options.inFlight && performance.now() - started < 60_000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const burstMs = performance.now() - started;
      const measured = await client.request({ type: 'measure' }, 'measured', 30_000);
      server = await ChildHandle.start({ role: 'server', impl, queue });
      const settled = await client.next('settled', 120_000);
      const row: MemoryRow = {
        impl,
        calls: options.inFlight,
        rssBareNode,
        rssIdle,
        rssInFlight: measured.rssInFlight,
        heapInFlight: measured.heapInFlight,
        arrayBuffersInFlight: measured.arrayBuffersInFlight,
        queued,
        burstMs,
        ok: settled.ok,
        failed: settled.failed,
      };
      if (settled.firstError !== undefined) row.firstError = settled.firstError;
      rows.push(row);
      const mib = (b: number) => (b / 1048576).toFixed(1);
      log(`  ${impl.padEnd(15)} idle ${mib(row.rssIdle)} MiB, ${row.calls} in flight ${mib(row.rssInFlight)} MiB (heap ${mib(row.heapInFlight)}, buffers ${mib(row.arrayBuffersInFlight)}); ${row.queued} queued after ${Math.round(row.burstMs)} ms; answered ${row.ok}, failed ${row.failed}`);
    } finally {
      await client.stop().catch(() => client.kill());
      await server?.stop().catch(() => server?.kill());
      await admin.deleteQueues([queue, `${queue}.dead-letter`]);
    }
  }
  return rows;
}

/** What any Node program starts from here: a node process with nothing loaded, after a full GC. */
export function bareNodeRss(): number {
  const script = 'gc(); setTimeout(() => { gc(); process.stdout.write(String(process.memoryUsage().rss)); }, 200);';
  return Number(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }));
}
