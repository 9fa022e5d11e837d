/**
 * No argument of one call can close the channel other calls share (issue 14.6): per-call
 * input is checked before anything is published; a fractional timeout is rounded up,
 * anything else out of range is INVALID_ARGUMENT naming the option. Odd options of clients,
 * servers and connections fail at construction, naming the option.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { connect, RpcClient, RpcError, silentLogger, type CallOptions } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { Header } from '@warren/runtime/protocol';
import { CalculatorClient, CalculatorService, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { calculatorFixture, type CalculatorFixture } from '../support/calculator-fixture.js';
import { AMQP_URL, withAmqp } from '../support/broker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('per-call input on the real broker', () => {
  let f: CalculatorFixture;
  before(async () => {
    f = await calculatorFixture({
      handlers: {
        async calculate(req) {
          if (req.n >= 1_000_000n) await sleep(5); // the control calls stay in flight a while
          return { result: req.n * 2n };
        },
      },
      client: { timeoutMs: 10_000 },
    });
  });
  after(() => f.close());

  it('a fractional timeout is rounded up: expiration and deadline are whole milliseconds', async () => {
    const queue = `${f.queue}.capture`;
    await withAmqp((ch) => ch.assertQueue(queue, { durable: true }));
    const client = new RpcClient(f.clientConn, CalculatorService, { queue });
    const call = client.call(CalculatorService.methods.calculate, { n: 1n }, { timeoutMs: 1000.5 }).catch((e: unknown) => e);
    const msg = await withAmqp(async (ch) => {
      for (const until = Date.now() + 3_000; Date.now() < until; await sleep(10)) {
        const got = await ch.get(queue, { noAck: true });
        if (got) return got;
      }
      return assert.fail('the request never reached the queue (did the broker close the channel over it?)');
    });
    assert.match(String(msg.properties.expiration), /^\d+$/);
    assert.ok(Number(msg.properties.expiration) <= 1001);
    assert.match(String(msg.properties.headers?.[Header.deadline]), /^\d+$/);
    await client.close();
    await call;
    await withAmqp((ch) => ch.deleteQueue(queue));
  });

  it('bad timeouts, headers and signals fail their own call with INVALID_ARGUMENT naming the option', async () => {
    const cases: Array<[CallOptions, RegExp]> = [
      [{ timeoutMs: Number.NaN }, /^timeoutMs: expected milliseconds from 0 to 2147483647.*got NaN$/],
      [{ timeoutMs: Infinity }, /timeoutMs: .*got Infinity/],
      [{ timeoutMs: -1 }, /timeoutMs: .*got -1/],
      [{ timeoutMs: 2 ** 31 }, /timeoutMs: .*got 2147483648/],
      [{ timeoutMs: '5000' as unknown as number }, /timeoutMs: .*got "5000"/],
      [{ headers: { big: 'x'.repeat(70_000) } }, /headers: 70003 bytes .* over the limit of 32768/],
      [{ headers: { ['k'.repeat(300)]: 'v' } }, /header name is 300 bytes long/],
      [{ headers: { [Header.deadline]: '1' } }, /headers\["x-warren-deadline"\]: names starting "x-warren-" are reserved/],
      [{ headers: { n: 5 as unknown as string } }, /headers\["n"\]: expected a string, got 5/],
      [{ headers: { t: { nested: 'x' } as unknown as string } }, /headers\["t"\]: expected a string, got a object/],
      [{ headers: 'traceparent' as unknown as Record<string, string> }, /headers: expected an object/],
      [{ signal: {} as AbortSignal }, /signal: expected an AbortSignal/],
    ];
    for (const [options, message] of cases) {
      await assert.rejects(f.calc.calculate({ n: 1n }, options), (err: unknown) => {
        assert.ok(RpcError.is(err, 'INVALID_ARGUMENT'), `${String(err)} for ${JSON.stringify(options).slice(0, 80)}`);
        assert.match(err.message, message);
        return true;
      });
    }
    assert.deepEqual(await f.calc.calculate({ n: 4n }), { result: 8n }, 'the client still works');
  });

  it('property: no timeout or header of one call fails any other call', async () => {
    let controlOk = 0;
    const controlFailures: string[] = [];
    let running = true;
    // Calls in flight all along: a channel closed by one bad call would fail them UNAVAILABLE.
    const control = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; running; i++) {
        try {
          await f.calc.calculate({ n: 1_000_000n + BigInt(w * 100_000 + i) });
          controlOk++;
        } catch (err) {
          controlFailures.push(String(err));
        }
      }
    });
    const timeout = fc.oneof(
      fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, -0, 0.5, 1000.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 1e308, Number.MIN_VALUE),
      fc.double(),
      fc.integer({ min: 50, max: 10_000 }),
    );
    const headers = fc.dictionary(
      fc.oneof(fc.string(), fc.string({ minLength: 250, maxLength: 300 }), fc.constantFrom('x-warren-status', 'x-warren-deadline', '__proto__')),
      fc.oneof(fc.string(), fc.string({ minLength: 20_000, maxLength: 40_000 }), fc.anything() as fc.Arbitrary<unknown>),
      { maxKeys: 4 },
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.option(timeout, { nil: undefined }), fc.option(headers, { nil: undefined }), async (timeoutMs, hdrs) => {
          const options = { timeoutMs, headers: hdrs } as CallOptions;
          try {
            const { result } = await f.calc.calculate({ n: 3n }, options);
            assert.equal(result, 6n);
          } catch (err) {
            assert.ok(err instanceof RpcError, `only RpcErrors, got ${String(err)}`);
            // A tiny (fractional) timeout may pass before the reply: DEADLINE_EXCEEDED is honest.
            assert.ok(['INVALID_ARGUMENT', 'DEADLINE_EXCEEDED'].includes(err.code), `${err.code}: ${err.message}`);
          }
        }),
        { numRuns: 300 },
      );
    } finally {
      running = false;
      await Promise.all(control);
    }
    assert.deepEqual(controlFailures, [], 'no other call failed');
    assert.ok(controlOk > 50, `control calls kept succeeding (${controlOk})`);
  });
});

describe('odd options fail at construction, naming the option', () => {
  it('client, server and connection options', async () => {
    const conn = memory({ logger: silentLogger });
    const client = (options: object) => () => new CalculatorClient(conn, options);
    assert.throws(client({ timeoutMs: Number.NaN }), /ClientOptions.timeoutMs: expected a whole number from 0 to 2147483647, for example 5000; got NaN/);
    assert.throws(client({ timeoutMs: 1.5 }), /ClientOptions.timeoutMs/);
    assert.throws(client({ replyMode: 'fast' }), /ClientOptions.replyMode: expected 'queue' or 'direct'; got "fast"/);
    assert.throws(client({ queue: 'q'.repeat(256) }), /ClientOptions.queue: expected a queue name of 1 to 255 bytes/);
    assert.throws(client({ maxReplyBytes: -1 }), /ClientOptions.maxReplyBytes/);
    assert.throws(client({ maxDepth: 0 }), /ClientOptions.maxDepth/);
    const server = (options: object) => serveCalculator(conn, calculatorHandlers, options);
    await assert.rejects(server({ concurrency: 70_000 }), /ServerOptions.concurrency: expected a whole number from 1 to 65535, for example 32; got 70000/);
    await assert.rejects(server({ concurrency: 1.5 }), /ServerOptions.concurrency/);
    await assert.rejects(server({ concurrency: 0 }), /ServerOptions.concurrency/);
    await assert.rejects(server({ maxDeliveries: Infinity }), /ServerOptions.maxDeliveries/);
    await assert.rejects(server({ queueType: 'stream' }), /ServerOptions.queueType: expected 'classic' or 'quorum'; got "stream"/);
    await assert.rejects(server({ maxDepth: -3 }), /ServerOptions.maxDepth/);
    await assert.rejects(connect(AMQP_URL, { heartbeatSeconds: 1e6 }), /ConnectOptions.heartbeatSeconds/);
    await assert.rejects(connect(AMQP_URL, { reconnect: { jitter: 2 } }), /ConnectOptions.reconnect.jitter: expected a number from 0 to 1/);
    await assert.rejects(connect(AMQP_URL, { connectTimeoutMs: Number.NaN }), /ConnectOptions.connectTimeoutMs/);
    await conn.close();
  });
});
