/**
 * Caller identity and authorization (issue 19.2, 19.3), on the shared broker (user guest) and
 * on memory(): requests carry user_id, the broker vouches for it, handlers see it as
 * context.caller; requireCallerIdentity and authorize refuse with UNAUTHENTICATED and
 * PERMISSION_DENIED before the handler runs. (Other users and TLS: test/security.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError, silentLogger, type CallContext, type Connection } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import amqp from 'amqplib';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { rawRequest } from '../support/raw-request.js';

for (const where of ['rabbitmq', 'memory'] as const) {
  describe(`caller identity on ${where}`, () => {
    async function setup(options: Parameters<typeof serveCalculator>[2] = {}) {
      const queue = uniqueQueue('identity');
      const conn: Connection = where === 'rabbitmq' ? await testConnection() : memory({ logger: silentLogger });
      const callers: Array<CallContext['caller']> = [];
      let ran = 0;
      const server = await serveCalculator(
        conn,
        {
          ...calculatorHandlers,
          calculate(req, ctx) {
            ran++;
            callers.push(ctx.caller);
            return { result: req.n * 2n };
          },
        },
        { queue, ...options },
      );
      const close = async () => {
        await server.close({ timeoutMs: 1_000 });
        await conn.close();
        if (where === 'rabbitmq') await deleteQueues(queue, `${queue}.dead-letter`);
      };
      return { queue, conn, callers, ran: () => ran, close };
    }

    it('a request carries the connection user as user_id, and the handler sees it vouched', async () => {
      const s = await setup();
      try {
        await new CalculatorClient(s.conn, { queue: s.queue }).calculate({ n: 1n });
        await new CalculatorClient(s.conn, { queue: s.queue, callerIdentity: false }).calculate({ n: 1n });
        assert.deepEqual(s.callers, [{ user: 'guest', vouched: true }, undefined]);
      } finally {
        await s.close();
      }
    });

    it('requireCallerIdentity refuses a request without one, authorize refuses by method', async () => {
      const s = await setup({
        requireCallerIdentity: true,
        authorize: (caller, method, request) => caller?.user === 'guest' && (request as { n: bigint }).n !== 13n && method.endsWith('.Calculate'),
      });
      try {
        const anonymous = new CalculatorClient(s.conn, { queue: s.queue, callerIdentity: false });
        await assert.rejects(anonymous.calculate({ n: 1n }), (e: unknown) => RpcError.is(e, 'UNAUTHENTICATED') && /requires a caller identity/.test(e.message));
        const calc = new CalculatorClient(s.conn, { queue: s.queue });
        await assert.rejects(calc.calculate({ n: 13n }), (e: unknown) => {
          assert.ok(RpcError.is(e, 'PERMISSION_DENIED'));
          assert.equal(e.message, 'calculator.v1.Calculator.Calculate is not allowed for this caller');
          return true;
        });
        assert.equal(s.ran(), 0, 'the handler never ran for a refused call');
        assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
      } finally {
        await s.close();
      }
    });
  });
}

describe('a forged user_id', () => {
  it('is refused by the broker: the publishing channel closes, the request never reaches the handler', async () => {
    const queue = uniqueQueue('forge-user');
    const conn = await testConnection();
    let ran = 0;
    const server = await serveCalculator(conn, { ...calculatorHandlers, calculate: (r) => (ran++, { result: r.n }) }, { queue });
    try {
      const model = await amqp.connect(AMQP_URL);
      try {
        const ch = await model.createChannel();
        const closed = new Promise<string>((resolve) => ch.on('error', (err: Error) => resolve(err.message)));
        ch.publish('', queue, Buffer.from([0x08, 0x02]), {
          correlationId: 'forged',
          replyTo: 'warren.nobody',
          userId: 'root',
          type: 'calculator.v1.Calculator.Calculate',
          contentType: 'application/x-protobuf',
        });
        assert.match(await closed, /406 .*user_id property set to 'root' but authenticated user was 'guest'/);
      } finally {
        await model.close().catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(ran, 0);
      assert.equal(await rawRequest(queue, { userId: 'guest' }).then((r) => r.reply?.statusText), 'OK', 'the true user is served');
      assert.equal(ran, 1);
    } finally {
      await server.close({ timeoutMs: 1_000 });
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });
});
