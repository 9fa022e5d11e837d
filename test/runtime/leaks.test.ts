import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { calculatorFixture } from '../support/calculator-fixture.js';

const TOTAL = Number(process.env.LEAK_CALLS ?? 100_000);
const BATCH = 1_000;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

// 100,000 calls, one in ten timing out and one in ten cancelled: afterwards no pending entry,
// timer or abort listener may remain, on the client or the server.
it(`after ${TOTAL} calls with timeouts and cancellations nothing is left behind`, { timeout: 600_000 }, async () => {
  const f = await calculatorFixture({
    server: { concurrency: 256 },
    handlers: {
      async calculate(req, ctx) {
        const kind = req.n % 10n;
        if (kind === 0n || kind === 1n) {
          // Slow enough to outlive the caller's deadline or cancellation.
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 50);
            ctx.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
          });
        }
        return { result: req.n };
      },
    },
  });
  try {
    await f.calc.calculate({ n: 2n }); // warm up: channels and consumers exist before counting
    const baseline = timers();
    const counts = { ok: 0, DEADLINE_EXCEEDED: 0, CANCELLED: 0, other: 0 };
    const sampleSignals: AbortSignal[] = [];
    for (let start = 0; start < TOTAL; start += BATCH) {
      const batch: Promise<void>[] = [];
      for (let i = start; i < start + BATCH; i++) {
        const n = BigInt(i);
        const kind = i % 10;
        const controller = new AbortController();
        if (i % 997 === 0) sampleSignals.push(controller.signal);
        const options = kind === 0 ? { timeoutMs: 15, signal: controller.signal } : { signal: controller.signal };
        const call = f.calc.calculate({ n }, options);
        if (kind === 1) setTimeout(() => controller.abort(), 5);
        batch.push(
          call.then(
            () => void counts.ok++,
            (err: unknown) => {
              if (RpcError.is(err, 'DEADLINE_EXCEEDED')) counts.DEADLINE_EXCEEDED++;
              else if (RpcError.is(err, 'CANCELLED')) counts.CANCELLED++;
              else counts.other++;
            },
          ),
        );
      }
      await Promise.all(batch);
    }
    assert.equal(counts.ok + counts.DEADLINE_EXCEEDED + counts.CANCELLED, TOTAL, JSON.stringify(counts));
    assert.equal(counts.other, 0);
    assert.ok(counts.DEADLINE_EXCEEDED >= TOTAL / 20 && counts.CANCELLED >= TOTAL / 20, JSON.stringify(counts));

    // Let the server finish the slow handlers and the late replies arrive.
    for (let i = 0; i < 100 && f.server.stats.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(f.calc.stats.pending, 0, 'client pending map');
    assert.equal(f.server.stats.inFlight, 0, 'server in-flight set');
    assert.ok(timers() <= baseline, `timers: ${timers()} now, ${baseline} before`);
    for (const s of sampleSignals) assert.equal(getEventListeners(s, 'abort').length, 0, 'abort listener left on a signal');
    // @internal stats of the connection: listeners registered by clients and servers, and waiters.
    const connStats = (f.clientConn as unknown as { stats: { listeners: number; waiters: number } }).stats;
    assert.deepEqual(connStats, { listeners: 1, waiters: 0 }, 'one listener: the client itself');
  } finally {
    await f.close();
  }
});
