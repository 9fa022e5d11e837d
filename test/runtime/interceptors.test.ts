import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcClient, RpcError, silentLogger, type Connection, type Interceptor, type ServerCall } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CalculatorClient, CalculatorService, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';

// Interceptors on the real broker and on memory(): the same chain, the same order.

/** An interceptor that records its name on the way in and on the way out, both sides. */
function tracer(name: string, events: string[]): Interceptor {
  return {
    name,
    client: async (call, next) => {
      events.push(`${name} client in ${call.method.fullName.split('.').pop()}`);
      try {
        return await next();
      } finally {
        events.push(`${name} client out`);
      }
    },
    server: async (call, next) => {
      events.push(`${name} server in`);
      try {
        return await next();
      } finally {
        events.push(`${name} server out`);
      }
    },
  };
}

const DIVIDE_BY_ZERO = { operation: 4, operands: [{ value: 1, label: '' }, { value: 0, label: 'z' }] };

for (const broker of ['rabbitmq', 'memory'] as const) {
  describe(`interceptors (${broker})`, () => {
    /** A server and a client on connections with `connInterceptors`; closes them after `fn`. */
    async function withPair(
      setup: { conn?: Interceptor[]; client?: Interceptor[]; server?: Interceptor[]; handlers?: Partial<typeof calculatorHandlers> },
      fn: (calc: CalculatorClient, queue: string) => Promise<void>,
    ): Promise<void> {
      const queue = uniqueQueue('icpt');
      let serverConn: Connection;
      let clientConn: Connection;
      if (broker === 'memory') {
        const shared = memory({ logger: silentLogger, interceptors: setup.conn });
        serverConn = memory({ broker: shared.broker, logger: silentLogger, interceptors: setup.conn });
        clientConn = shared;
      } else {
        serverConn = await testConnection({ interceptors: setup.conn });
        clientConn = await testConnection({ interceptors: setup.conn });
      }
      const server = await serveCalculator(serverConn, { ...calculatorHandlers, ...setup.handlers }, { queue, interceptors: setup.server });
      const calc = new CalculatorClient(clientConn, { queue, timeoutMs: 3_000, interceptors: setup.client });
      try {
        await fn(calc, queue);
      } finally {
        await calc.close();
        await server.close({ timeoutMs: 500 });
        await clientConn.close();
        await serverConn.close();
        if (broker === 'rabbitmq') await deleteQueues(queue, `${queue}.dead-letter`);
      }
    }

    it('run first-given outermost, the connection\'s outside the client\'s and server\'s own', async () => {
      const events: string[] = [];
      await withPair({ conn: [tracer('conn', events)], client: [tracer('a', events), tracer('b', events)], server: [tracer('s', events)] }, async (calc) => {
        assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
      });
      // The connection interceptor is on both connections: it wraps the server side too.
      assert.deepEqual(events, [
        'conn client in Calculate',
        'a client in Calculate',
        'b client in Calculate',
        'conn server in',
        's server in',
        's server out',
        'conn server out',
        'b client out',
        'a client out',
        'conn client out',
      ]);
    });

    it('see the method, request, headers and context; a client interceptor\'s header reaches the handler', async () => {
      const seen: ServerCall[] = [];
      let handlerHeader: unknown;
      const client: Interceptor = {
        client: (call, next) => {
          assert.equal(call.method.fullName, 'calculator.v1.Calculator.Evaluate');
          assert.equal(call.method.idempotent, true);
          assert.equal(call.service, 'calculator.v1.Calculator');
          assert.ok(call.deadline > Date.now() && call.deadline <= Date.now() + 3_000);
          assert.equal(call.headers['x-custom'], 'from-caller', 'the caller\'s own headers are there');
          call.headers.traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
          return next();
        },
      };
      const server: Interceptor = { server: (call, next) => (seen.push(call), next()) };
      await withPair({ client: [client], server: [server], handlers: { evaluate: (_req, ctx) => ((handlerHeader = ctx.headers.traceparent), { value: 3, steps: [] }) } }, async (calc, queue) => {
        await calc.evaluate({ operation: 1, operands: [{ value: 3, label: '' }] }, { headers: { 'x-custom': 'from-caller' } });
        const call = seen[0]!;
        assert.equal(call.method.fullName, 'calculator.v1.Calculator.Evaluate');
        assert.deepEqual(call.request, { operation: 1, operands: [{ value: 3, label: '' }] });
        assert.equal(call.queue, queue);
        assert.equal(call.context.caller?.user, 'guest');
        assert.equal(call.context.redelivered, false);
        assert.ok(call.context.deadline.getTime() > Date.now());
        assert.equal(String(call.headers.traceparent), '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      });
      assert.equal(String(handlerHeader), '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    });

    it('see the outcome: the value, or the RpcError with its code, on both sides', async () => {
      const outcomes: string[] = [];
      const watch = (side: string): Interceptor['client'] =>
        (async (_call: unknown, next: () => Promise<unknown>) => {
          try {
            const value = await next();
            outcomes.push(`${side} ok ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
            return value;
          } catch (err) {
            outcomes.push(`${side} ${(err as RpcError).code}`);
            throw err;
          }
        }) as Interceptor['client'];
      await withPair({ client: [{ client: watch('client') }], server: [{ server: watch('server') as Interceptor['server'] }] }, async (calc) => {
        await calc.calculate({ n: 5n });
        await assert.rejects(calc.evaluate(DIVIDE_BY_ZERO), (e: unknown) => RpcError.is(e, 'OUT_OF_RANGE'));
      });
      assert.deepEqual(outcomes, ['server ok {"result":"10n"}', 'client ok {"result":"10n"}', 'server OUT_OF_RANGE', 'client OUT_OF_RANGE']);
    });

    it('short-circuit: an RpcError thrown before next() fails the call and nothing is sent or run', async () => {
      let handled = 0;
      const deny: Interceptor = { client: () => Promise.reject(new RpcError('PERMISSION_DENIED', 'no token')) };
      await withPair({ client: [deny], handlers: { calculate: (r) => (handled++, { result: r.n }) } }, async (calc) => {
        await assert.rejects(calc.calculate({ n: 1n }), (e: unknown) => RpcError.is(e, 'PERMISSION_DENIED') && (e as Error).message === 'no token');
      });
      assert.equal(handled, 0);
      const guard: Interceptor = { server: () => { throw new RpcError('UNAUTHENTICATED', 'who are you'); } };
      await withPair({ server: [guard], handlers: { calculate: (r) => (handled++, { result: r.n }) } }, async (calc) => {
        await assert.rejects(calc.calculate({ n: 1n }), (e: unknown) => RpcError.is(e, 'UNAUTHENTICATED') && (e as Error).message === 'who are you');
      });
      assert.equal(handled, 0, 'the server interceptor answered before the handler');
    });

    it('an interceptor may answer itself; one that throws something else fails the call INTERNAL', async () => {
      const cached: Interceptor = { client: async () => ({ result: 99n }) as never, server: undefined };
      await withPair({ client: [cached] }, async (calc) => assert.deepEqual(await calc.calculate({ n: 1n }), { result: 99n }));
      const answering: Interceptor = { server: async () => ({ result: 7n }) as never };
      await withPair({ server: [answering] }, async (calc) => assert.deepEqual(await calc.calculate({ n: 1n }), { result: 7n }, 'encoded by the server'));
      const broken: Interceptor = { name: 'broken', client: () => { throw new Error('bug'); } };
      await withPair({ client: [broken] }, async (calc) => {
        await assert.rejects(calc.calculate({ n: 1n }), (e: unknown) => RpcError.is(e, 'INTERNAL') && /an interceptor failed: bug/.test((e as Error).message));
      });
    });

    it('next() again is another attempt: same correlation id, within the first deadline', async () => {
      let attempts = 0;
      const ids: string[] = [];
      const retry: Interceptor = {
        client: async (call, next) => {
          try {
            return await next();
          } catch (err) {
            if (!RpcError.is(err, 'UNAVAILABLE')) throw err;
            ids.push(call.correlationId);
            const value = await next();
            ids.push(call.correlationId);
            assert.equal(call.attempt, 2);
            return value;
          }
        },
      };
      const flaky = (r: { n: bigint }) => {
        if (++attempts === 1) throw new RpcError('UNAVAILABLE', 'try again');
        return { result: r.n };
      };
      await withPair({ client: [retry], handlers: { calculate: flaky } }, async (calc) => {
        assert.deepEqual(await calc.calculate({ n: 6n }), { result: 6n });
      });
      assert.equal(attempts, 2);
      assert.equal(ids[0], ids[1]);
    });
  });
}

describe('interceptor options', () => {
  it('a bad entry is a TypeError naming the option and the index', () => {
    const conn = memory({ logger: silentLogger });
    assert.throws(() => new RpcClient(conn, CalculatorService, { interceptors: [{ client: 'no' } as never] }), {
      name: 'TypeError',
      message: /^ClientOptions\.interceptors\[0\]: expected an interceptor \{ client: \(call, next\) => next\(\) \}; got \{ client: "no" \}$/,
    });
    assert.throws(() => new RpcClient(conn, CalculatorService, { interceptors: {} as never }), /ClientOptions\.interceptors: expected an array of interceptors/);
    const bad = memory({ logger: silentLogger, interceptors: [null as never] });
    assert.throws(() => new RpcClient(bad, CalculatorService), /ConnectOptions\.interceptors\[0\]: expected an interceptor/);
  });
});

describe('interceptors and bad call input', () => {
  it('a timeout or headers out of range fail the call INVALID_ARGUMENT through the interceptors, nothing sent', async () => {
    const seen: string[] = [];
    const conn = memory({ logger: silentLogger });
    const client = new CalculatorClient(conn, {
      queue: uniqueQueue('icpt-bad'),
      interceptors: [{ client: async (call, next) => { try { return await next(); } catch (err) { seen.push((err as RpcError).code); throw err; } } }],
    });
    await assert.rejects(client.calculate({ n: 1n }, { headers: 'x-a' as never }), (e: unknown) => RpcError.is(e, 'INVALID_ARGUMENT'));
    await assert.rejects(client.calculate({ n: 1n }, { timeoutMs: -5 }), (e: unknown) => RpcError.is(e, 'INVALID_ARGUMENT') && /timeoutMs/.test((e as Error).message));
    await assert.rejects(client.calculate({ n: 1n }, { headers: { 'x-warren-deadline': '1' } }), (e: unknown) => RpcError.is(e, 'INVALID_ARGUMENT'));
    assert.deepEqual(seen, ['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT']);
    await client.close();
    await conn.close();
  });
});
