import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect, RpcError, silentLogger } from '@warren/runtime';
import { backoffDelay } from '../../packages/runtime/src/connection/backoff.js';
import { calculatorFixture } from '../support/calculator-fixture.js';
import { AMQP_URL } from '../support/broker.js';

describe('connect', () => {
  it('tries the URLs of a list in turn and connects to the first that answers', async () => {
    const conn = await connect(['amqp://127.0.0.1:1', AMQP_URL], { logger: silentLogger });
    assert.equal(conn.isOpen, true);
    await conn.close();
    assert.equal(conn.isOpen, false);
  });

  it('accepts a comma-separated list in one string (as AMQP_URL may hold)', async () => {
    const conn = await connect(`amqp://127.0.0.1:1, ${AMQP_URL}`, { logger: silentLogger });
    assert.equal(conn.isOpen, true);
    await conn.close();
  });

  it('fails with UNAVAILABLE when no URL answers, naming them without their passwords', async () => {
    await assert.rejects(connect('amqp://admin:s3cret@127.0.0.1:1/prod', { logger: silentLogger }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'UNAVAILABLE'));
      assert.match(err.message, /could not connect to RabbitMQ at amqp:\/\/admin:\*\*\*@127\.0\.0\.1:1\/prod/);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
  });

  it('rejects an empty URL list with an example of what it expects', async () => {
    await assert.rejects(connect([]), /expected at least one broker URL, for example amqp:\/\/localhost/);
  });
});

describe('reconnect backoff', () => {
  it('grows exponentially, stays within its jitter band, and is capped', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0.3 };
    for (let i = 0; i < 200; i++) {
      const first = backoffDelay(1, options);
      const third = backoffDelay(3, options);
      const tenth = backoffDelay(10, options);
      assert.ok(first >= 70 && first <= 130, `attempt 1: ${first}`);
      assert.ok(third >= 280 && third <= 520, `attempt 3: ${third}`);
      assert.ok(tenth >= 700 && tenth <= 1_300, `attempt 10: ${tenth}`);
    }
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(5, options)));
    assert.ok(spread.size > 10, 'jitter spreads reconnects');
  });
});

describe('publish back-pressure', () => {
  it('waits for drain instead of buffering without bound, and every call completes', { timeout: 120_000 }, async () => {
    // amqplib buffers 1024 frames per channel before publish() returns false; 3000 calls made
    // in one tick overflow that, so later calls must wait for 'drain'.
    const f = await calculatorFixture({ client: { timeoutMs: 60_000 }, server: { concurrency: 256 } });
    try {
      const ns = Array.from({ length: 3000 }, (_, i) => BigInt(i));
      const replies = await Promise.all(ns.map((n) => f.calc.calculate({ n })));
      assert.deepEqual(replies.map((r) => r.result), ns.map((n) => n * 2n));
      assert.ok(f.calc.stats.drainWaits > 0, 'the channel signalled back-pressure and the client waited');
      assert.equal(f.calc.stats.pending, 0);
    } finally {
      await f.close();
    }
  });
});
