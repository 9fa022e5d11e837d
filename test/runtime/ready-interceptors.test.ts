import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggingInterceptor, retryInterceptor, RpcError, silentLogger, type Connection, type Interceptor, type Logger } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CalculatorClient, serveCalculator, type CalculatorHandlers } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';

// The two interceptors shipped with the runtime: logging of failed calls, and retries.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withCalculator(
  broker: 'rabbitmq' | 'memory',
  setup: { client?: Interceptor[]; server?: Interceptor[]; handlers?: Partial<CalculatorHandlers>; timeoutMs?: number },
  fn: (calc: CalculatorClient) => Promise<void>,
): Promise<void> {
  const queue = uniqueQueue('ready');
  let conn: Connection;
  if (broker === 'memory') conn = memory({ logger: silentLogger });
  else conn = await testConnection();
  const server = await serveCalculator(conn, { ...calculatorHandlers, ...setup.handlers }, { queue, interceptors: setup.server });
  const calc = new CalculatorClient(conn, { queue, timeoutMs: setup.timeoutMs ?? 3_000, interceptors: setup.client });
  try {
    await fn(calc);
  } finally {
    await calc.close();
    await server.close({ timeoutMs: 500 });
    await conn.close();
    if (broker === 'rabbitmq') await deleteQueues(queue, `${queue}.dead-letter`);
  }
}

function recordingLogger(): Logger & { lines: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields: Record<string, unknown> = {}) => void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('loggingInterceptor (rabbitmq)', () => {
  it('logs each failed call once per side, with method, code and ids, and never the request or headers', async () => {
    const logger = recordingLogger();
    const logging = loggingInterceptor(logger);
    await withCalculator('rabbitmq', { client: [logging], server: [logging] }, async (calc) => {
      await calc.calculate({ n: 1n }, { headers: { authorization: 'Bearer s3cret-token' } });
      const secret = { value: 424242.5, label: 'card 4111-1111' };
      await assert.rejects(calc.evaluate({ operation: 4, operands: [secret, { value: 0, label: '' }] }, { headers: { authorization: 'Bearer s3cret-token' } }));
      await sleep(50);
    });
    assert.deepEqual(logger.lines.map((l) => [l.level, l.message, l.fields.code]), [
      ['info', 'rpc server call failed', 'OUT_OF_RANGE'], // the caller's input: info on the server
      ['warn', 'rpc client call failed', 'OUT_OF_RANGE'],
    ]);
    const [server, client] = logger.lines;
    assert.equal(client!.fields.method, 'calculator.v1.Calculator.Evaluate');
    assert.equal(client!.fields.correlationId, server!.fields.correlationId);
    assert.equal(client!.fields.attempt, 1);
    assert.equal(server!.fields.caller, 'guest');
    assert.ok(typeof client!.fields.durationMs === 'number');
    const text = JSON.stringify(logger.lines);
    for (const leak of ['s3cret', '4111', '424242']) assert.ok(!text.includes(leak), `logged ${leak}: ${text}`);
  });
});

for (const broker of ['memory', 'rabbitmq'] as const) {
  describe(`retryInterceptor (${broker})`, () => {
    it('retries an idempotent method that failed UNAVAILABLE, up to maxAttempts, with one correlation id', async () => {
      let runs = 0;
      const ids = new Set<string>();
      const flaky: Partial<CalculatorHandlers> = {
        evaluate(_req, ctx) {
          ids.add(ctx.correlationId);
          if (++runs < 3) throw new RpcError('UNAVAILABLE', `busy (${runs})`);
          return { value: 1, steps: [] };
        },
      };
      await withCalculator(broker, { client: [retryInterceptor({ initialBackoffMs: 5 })], handlers: flaky }, async (calc) => {
        assert.deepEqual(await calc.evaluate({ operation: 1, operands: [{ value: 1, label: '' }] }), { value: 1, steps: [] });
      });
      assert.equal(runs, 3);
      assert.equal(ids.size, 1);
      runs = 0;
      await withCalculator(broker, { client: [retryInterceptor({ maxAttempts: 2, initialBackoffMs: 5 })], handlers: flaky }, async (calc) => {
        await assert.rejects(calc.evaluate({ operation: 1, operands: [{ value: 1, label: '' }] }), (e: unknown) => RpcError.is(e, 'UNAVAILABLE') && /busy \(2\)/.test((e as Error).message));
      });
      assert.equal(runs, 2, 'maxAttempts counts the first');
    });

    it('never retries a method that is not idempotent, nor other codes', async () => {
      let runs = 0;
      const handlers: Partial<CalculatorHandlers> = {
        calculate() {
          runs++;
          throw new RpcError('UNAVAILABLE', 'busy');
        },
        evaluate() {
          runs++;
          throw new RpcError('INTERNAL', 'bug');
        },
      };
      await withCalculator(broker, { client: [retryInterceptor({ initialBackoffMs: 1 })], handlers }, async (calc) => {
        await assert.rejects(calc.calculate({ n: 1n }), (e: unknown) => RpcError.is(e, 'UNAVAILABLE'));
        assert.equal(runs, 1, 'Calculate is not idempotent: it might run twice');
        await assert.rejects(calc.evaluate({ operation: 1, operands: [{ value: 1, label: '' }] }), (e: unknown) => RpcError.is(e, 'INTERNAL'));
        assert.equal(runs, 2, 'INTERNAL is not retried');
      });
    });

    it('never waits past the deadline: the last error is the call\'s', async () => {
      let runs = 0;
      const handlers: Partial<CalculatorHandlers> = {
        evaluate() {
          runs++;
          throw new RpcError('UNAVAILABLE', 'busy');
        },
      };
      await withCalculator(broker, { client: [retryInterceptor({ maxAttempts: 10, initialBackoffMs: 120, maxBackoffMs: 120 })], handlers, timeoutMs: 300 }, async (calc) => {
        const started = Date.now();
        await assert.rejects(calc.evaluate({ operation: 1, operands: [{ value: 1, label: '' }] }), (e: unknown) => RpcError.is(e, 'UNAVAILABLE') || RpcError.is(e, 'DEADLINE_EXCEEDED'));
        assert.ok(Date.now() - started < 600, `ended by the deadline (${Date.now() - started} ms)`);
      });
      assert.ok(runs >= 1 && runs < 10, `${runs} runs within 300 ms`);
    });
  });
}

describe('retryInterceptor options', () => {
  it('an option out of range is a TypeError naming it', () => {
    assert.throws(() => retryInterceptor({ maxAttempts: 0 }), /^TypeError: RetryOptions\.maxAttempts: expected a whole number from 1 to 10, for example 3; got 0$/);
    assert.throws(() => retryInterceptor({ initialBackoffMs: -1 }), /RetryOptions\.initialBackoffMs/);
  });
});
