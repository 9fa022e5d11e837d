import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { RpcClient, RpcError, type CallContext, type ClientOptions, type MessageProperties } from '@warren/runtime';
import { Header } from '@warren/runtime/protocol';
import { CalculatorClient, CalculatorService } from '../../generated/calculator.js';
import { CatalogService } from '../../generated/shop/v1/catalog.js';
import { calculatorFixture } from '../support/calculator-fixture.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';

/**
 * Captures the properties of the next request published to `queue` (nobody serves it), sent
 * by an RpcClient with `clientOptions` (plus the queue) through `send`.
 */
async function captureRequest(
  queue: string,
  send: (client: RpcClient) => Promise<unknown>,
  clientOptions: ClientOptions = { timeoutMs: 7_000 },
) {
  await withAmqp((ch) => ch.assertQueue(queue, { durable: true }));
  const conn = await testConnection();
  const client = new RpcClient(conn, CalculatorService, { ...clientOptions, queue });
  const sentAt = Date.now();
  const call = send(client).catch((err: unknown) => err);
  try {
    return await withAmqp(async (ch) => {
      for (;;) {
        const msg = await ch.get(queue, { noAck: true });
        if (msg) return { properties: msg.properties, sentAt };
        await new Promise((r) => setTimeout(r, 20));
      }
    });
  } finally {
    await client.close();
    await call;
    await conn.close();
    await deleteQueues(queue);
  }
}

/** Asserts the request's deadline was `timeoutMs` after it was sent: both its expiration and its header. */
function assertTimeout(captured: { properties: MessageProperties; sentAt: number }, timeoutMs: number, step: string) {
  const expiration = Number(captured.properties.expiration);
  // Each step's value is one no other step could produce, so an ignored step shows.
  assert.ok(expiration > timeoutMs - 1_000 && expiration <= timeoutMs, `${step}: ${timeoutMs} ms expected, expiration ${expiration}`);
  const deadline = Number(captured.properties.headers?.[Header.deadline]) - captured.sentAt;
  assert.ok(Math.abs(deadline - timeoutMs) < 1_000, `${step}: deadline header ${deadline} ms after send, ${timeoutMs} expected`);
}

const calculate = CalculatorService.methods.calculate;
/** The contract's GetProduct carries its own default (`timeout_ms` 2000 in contracts/shop). */
const getProduct = CatalogService.methods.getProduct;

describe('deadlines', () => {
  it('a request carries expiration = time left and the absolute deadline header', async () => {
    const { properties, sentAt } = await captureRequest(uniqueQueue('dl'), (c) => c.call(calculate, { n: 1n }, { timeoutMs: 4_000 }));
    const expiration = Number(properties.expiration);
    assert.ok(expiration > 3_000 && expiration <= 4_000, `expiration ${expiration}`);
    const deadline = Number(properties.headers?.[Header.deadline]);
    assert.ok(Math.abs(deadline - (sentAt + 4_000)) < 1_000, `deadline ${deadline - sentAt} ms after send`);
    assert.equal(properties.headers?.[Header.protocol], undefined, 'version 1 is implied: no second header');
    assert.equal(properties.type, 'calculator.v1.Calculator.Calculate');
    assert.equal(properties.contentType, 'application/x-protobuf');
  });

  it('timeoutMs, step 1: the per-call value beats the method and client defaults', async () => {
    assert.equal(getProduct.timeoutMs, 2_000);
    const captured = await captureRequest(uniqueQueue('dl'), (c) => c.call(getProduct, { sku: 'a' }, { timeoutMs: 4_000 }), { timeoutMs: 7_000 });
    assertTimeout(captured, 4_000, 'per call');
  });

  it("timeoutMs, step 2: the method's contract default beats the client's", async () => {
    const captured = await captureRequest(uniqueQueue('dl'), (c) => c.call(getProduct, { sku: 'a' }), { timeoutMs: 7_000 });
    assertTimeout(captured, 2_000, 'method default');
  });

  it("timeoutMs, step 3: the client's default applies when neither the call nor the method sets one", async () => {
    assert.equal('timeoutMs' in calculate, false);
    const captured = await captureRequest(uniqueQueue('dl'), (c) => c.call(calculate, { n: 1n }), { timeoutMs: 7_000 });
    assertTimeout(captured, 7_000, 'client default');
  });

  it('timeoutMs, step 4: 30 s when nothing sets one', async () => {
    const captured = await captureRequest(uniqueQueue('dl'), (c) => c.call(calculate, { n: 1n }), {});
    assertTimeout(captured, 30_000, 'built-in default');
  });

  it('the deadline that applies is the one the call settles at (method default, then per call)', async () => {
    const queue = uniqueQueue('dl');
    await withAmqp((ch) => ch.assertQueue(queue, { durable: true }));
    const conn = await testConnection();
    const method = { ...calculate, timeoutMs: 250 };
    const client = new RpcClient(conn, CalculatorService, { queue, timeoutMs: 60_000 });
    try {
      let started = Date.now();
      await assert.rejects(client.call(method, { n: 1n }), (e: unknown) => RpcError.is(e, 'DEADLINE_EXCEEDED'));
      assert.ok(Date.now() - started < 2_000, 'method default (250 ms) applied');
      started = Date.now();
      await assert.rejects(client.call(method, { n: 1n }, { timeoutMs: 600 }), (e: unknown) => RpcError.is(e, 'DEADLINE_EXCEEDED'));
      assert.ok(Date.now() - started >= 590, 'per-call value (600 ms) applied');
    } finally {
      await client.close();
      await conn.close();
      await deleteQueues(queue);
    }
  });

  it('the broker drops a request that waited in the queue past its deadline', async () => {
    const queue = uniqueQueue('dl');
    await withAmqp((ch) => ch.assertQueue(queue, { durable: true }));
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue });
    await assert.rejects(calc.calculate({ n: 1n }, { timeoutMs: 200 }), (e: unknown) => RpcError.is(e, 'DEADLINE_EXCEEDED'));
    await new Promise((r) => setTimeout(r, 100));
    const count = await withAmqp(async (ch) => (await ch.checkQueue(queue)).messageCount);
    await calc.close();
    await conn.close();
    await deleteQueues(queue);
    assert.equal(count, 0, 'expired request still queued');
  });

  it('the server skips a request whose deadline passed, without running the handler', async () => {
    let calls = 0;
    const f = await calculatorFixture({ handlers: { calculate: (r) => (calls++, { result: r.n }) } });
    try {
      await withAmqp(async (ch) => {
        ch.publish('', f.queue, Buffer.alloc(0), {
          correlationId: 'late-1',
          replyTo: 'warren.test.nobody', // any name: this reply is never sent
          type: 'calculator.v1.Calculator.Calculate',
          contentType: 'application/x-protobuf',
          headers: { [Header.deadline]: String(Date.now() - 1_000), [Header.protocol]: '1' },
        });
      });
      for (let i = 0; i < 100 && f.server.stats.expired === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(f.server.stats.expired, 1);
      assert.equal(calls, 0);
    } finally {
      await f.close();
    }
  });

  it('the handler sees the deadline, and its signal aborts at it', async () => {
    let seen: { deadline: number; abortedAt?: number; reason?: unknown } | undefined;
    const f = await calculatorFixture({
      handlers: {
        calculate: (_req, ctx: CallContext) =>
          new Promise((resolve) => {
            seen = { deadline: ctx.deadline.getTime() };
            ctx.signal.addEventListener('abort', () => {
              seen!.abortedAt = Date.now();
              seen!.reason = ctx.signal.reason;
              resolve({ result: 0n });
            });
          }),
      },
    });
    try {
      const started = Date.now();
      await assert.rejects(f.calc.calculate({ n: 1n }, { timeoutMs: 400 }), (e: unknown) => RpcError.is(e, 'DEADLINE_EXCEEDED'));
      for (let i = 0; i < 100 && seen?.abortedAt === undefined; i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(seen, 'handler ran');
      assert.ok(Math.abs(seen.deadline - (started + 400)) < 300, 'deadline passed to the handler');
      assert.ok(seen.abortedAt !== undefined && seen.abortedAt >= seen.deadline - 5, 'signal aborted at the deadline');
      assert.ok(RpcError.is(seen.reason, 'DEADLINE_EXCEEDED'));
    } finally {
      await f.close();
    }
  });

  it("one call at a time: each call expires at its own deadline, not an earlier call's", { timeout: 20_000 }, async () => {
    // The client keeps one timer per distinct timeout and leaves it armed when its last call
    // settles; the next call must neither expire at the old deadline nor outlive its own.
    const f = await calculatorFixture({
      handlers: { calculate: (req) => (req.n === 0n ? { result: 0n } : new Promise(() => undefined)) },
    });
    try {
      for (let round = 0; round < 3; round++) {
        assert.deepEqual(await f.calc.calculate({ n: 0n }, { timeoutMs: 300 }), { result: 0n });
        await new Promise((r) => setTimeout(r, 150));
        const started = Date.now();
        await assert.rejects(f.calc.calculate({ n: 1n }, { timeoutMs: 300 }), (e: unknown) => RpcError.is(e, 'DEADLINE_EXCEEDED'));
        const took = Date.now() - started;
        assert.ok(took >= 290 && took < 1_500, `round ${round}: expired after ${took} ms, deadline 300 ms`);
      }
    } finally {
      await f.close();
    }
  });

  for (const closes of ['client', 'connection'] as const) {
    it(`a caller process exits once it closes its ${closes}, without waiting out its 60 s timeout`, async () => {
      const f = await calculatorFixture();
      try {
        const script = fileURLToPath(new URL('../support/one-call-client.ts', import.meta.url));
        const args = ['--import', 'tsx', script, AMQP_URL, f.queue, closes];
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
        clearTimeout(timer);
        assert.equal(out.trim(), 'result 42');
        assert.deepEqual({ code, signal }, { code: 0, signal: null }, 'exited by itself (SIGKILL means it hung)');
      } finally {
        await f.close();
      }
    });
  }
});
