/**
 * Caller identity and authorization (issue 19.2-3) end to end on a private RabbitMQ node with
 * users of its own: the broker vouches for `user_id`, the server exposes it as
 * `context.caller`, refuses requests without one when asked to, and asks an authorize hook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import amqp from 'amqplib';
import { connect, RpcError, silentLogger, type CallContext, type ClientOptions, type Connection, type ServerOptions } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { uniqueQueue } from '../support/broker.js';
import { TlsBroker } from '../support/tls-broker.js';
import { rawRequest } from '../support/raw-request.js';

let broker: TlsBroker;
const opened: Connection[] = [];
const PASSWORD = 'pw-3f9a';

async function open(user: string): Promise<Connection> {
  const conn = await connect(broker.url(user, PASSWORD), { connectTimeoutMs: 5_000, logger: silentLogger });
  opened.push(conn);
  return conn;
}

/** A calculator served as `user` on `queue` (a fresh one), recording each call's context. */
async function service(options: ServerOptions = {}, user = 'svc', queue = uniqueQueue('sec')) {
  const seen: CallContext[] = [];
  const server = await serveCalculator(
    await open(user),
    {
      calculate(request, context) {
        seen.push(context);
        return { result: request.n * 2n };
      },
      evaluate() {
        return { value: 0, steps: [] };
      },
      async *evaluateSteps() {},
    },
    { queue, ...options },
  );
  return { queue, seen, server };
}

async function client(user: string, queue: string, options: ClientOptions = {}): Promise<CalculatorClient> {
  return new CalculatorClient(await open(user), { queue, timeoutMs: 5_000, ...options });
}

before(async () => {
  broker = await TlsBroker.start();
  process.stderr.write(`private broker started in ${broker.startMs} ms\n`);
  // Sequential: each rabbitmqctl call is an Erlang VM, and the machine has two cores.
  for (const user of ['svc', 'alice', 'bob', 'mallory']) await broker.addUser(user, PASSWORD);
});

after(async () => {
  for (const conn of opened) await conn.close().catch(() => undefined);
  await broker?.stop();
});

describe('caller identity', () => {
  it("the handler sees the calling connection's user, vouched for by the broker", async () => {
    const { queue, seen, server } = await service();
    const calc = await client('alice', queue);
    assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n });
    assert.deepEqual(seen[0]?.caller, { user: 'alice', vouched: true });
    await server.close({ timeoutMs: 1_000 });
  });

  it('callerIdentity: false sends no user_id: the handler sees no caller', async () => {
    const { queue, seen, server } = await service();
    const calc = await client('alice', queue, { callerIdentity: false });
    await calc.calculate({ n: 1n });
    assert.equal(seen[0]?.caller, undefined);
    await server.close({ timeoutMs: 1_000 });
  });

  it('a forged user_id is refused by the broker (channel closed, 406) and never reaches the handler', async () => {
    const { queue, seen, server } = await service();
    const outcome = await rawRequest(queue, { url: broker.url('mallory', PASSWORD), userId: 'alice' });
    assert.equal(outcome.channelError?.code, 406, `expected a 406 channel close, got ${JSON.stringify(outcome)}`);
    assert.match(outcome.channelError!.message, /user_id property set to 'alice' but authenticated user was 'mallory'/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.length, 0);
    await server.close({ timeoutMs: 1_000 });
  });

  it('a user tagged impersonator can claim any user_id: the broker lets it through (why no caller may have that tag)', async () => {
    await broker.addUser('stand-in', PASSWORD);
    await broker.setUserTags('stand-in', 'impersonator');
    const { queue, seen, server } = await service({ requireCallerIdentity: true });
    const outcome = await rawRequest(queue, { url: broker.url('stand-in', PASSWORD), userId: 'alice' });
    assert.equal(outcome.channelError, undefined, JSON.stringify(outcome));
    assert.equal(seen[0]?.caller?.user, 'alice');
    await server.close({ timeoutMs: 1_000 });
  });

  it("a raw request with the publisher's own user_id gets through, with that caller", async () => {
    const { queue, seen, server } = await service({ requireCallerIdentity: true });
    const outcome = await rawRequest(queue, { url: broker.url('mallory', PASSWORD), userId: 'mallory' });
    assert.equal(outcome.reply?.status, undefined, `expected success, got ${JSON.stringify(outcome)}`);
    assert.deepEqual(seen[0]?.caller, { user: 'mallory', vouched: true });
    await server.close({ timeoutMs: 1_000 });
  });

  it('requireCallerIdentity answers a request without user_id UNAUTHENTICATED, and the handler does not run', async () => {
    const { queue, seen, server } = await service({ requireCallerIdentity: true });
    const outcome = await rawRequest(queue, { url: broker.url('mallory', PASSWORD) });
    assert.equal(String(outcome.reply?.status), 'UNAUTHENTICATED', JSON.stringify(outcome));
    const off = await client('alice', queue, { callerIdentity: false });
    await assert.rejects(off.calculate({ n: 1n }), (err: unknown) => RpcError.is(err, 'UNAUTHENTICATED'));
    assert.equal(seen.length, 0);
    const on = await client('alice', queue);
    assert.deepEqual(await on.calculate({ n: 4n }), { result: 8n });
    await server.close({ timeoutMs: 1_000 });
  });
});

describe('authorization hook', () => {
  it('decides per caller and method: false answers PERMISSION_DENIED naming the method, and the handler does not run', async () => {
    const asked: Array<[string | undefined, string]> = [];
    const { queue, seen, server } = await service({
      authorize: async (caller, method) => {
        asked.push([caller?.user, method]);
        await new Promise((r) => setTimeout(r, 1)); // an asynchronous policy
        return caller?.user === 'alice';
      },
    });
    const alice = await client('alice', queue);
    const bob = await client('bob', queue);
    assert.deepEqual(await alice.calculate({ n: 3n }), { result: 6n });
    await assert.rejects(bob.calculate({ n: 3n }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'PERMISSION_DENIED'), String(err));
      assert.equal(err.message, 'calculator.v1.Calculator.Calculate is not allowed for this caller');
      return true;
    });
    assert.equal(seen.length, 1, 'only alice reached the handler');
    assert.deepEqual(asked, [
      ['alice', 'calculator.v1.Calculator.Calculate'],
      ['bob', 'calculator.v1.Calculator.Calculate'],
    ]);
    await server.close({ timeoutMs: 1_000 });
  });

  it('a hook that throws answers INTERNAL without its message, and the handler does not run', async () => {
    const { queue, seen, server } = await service({
      authorize: () => {
        throw new Error('policy table lookup failed: secret-rule-17');
      },
    });
    const alice = await client('alice', queue);
    await assert.rejects(alice.calculate({ n: 3n }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'INTERNAL'), String(err));
      assert.doesNotMatch(err.message, /secret-rule-17/);
      return true;
    });
    assert.equal(seen.length, 0);
    await server.close({ timeoutMs: 1_000 });
  });
});

describe('broker-side enforcement (docs/security.md recipe)', () => {
  it('a user without write permission on amq.default cannot publish any request (403), one with it can', async () => {
    // Requests go through the default exchange, whose write permission RabbitMQ checks on
    // `amq.default`, not on the destination queue: a queue pattern alone does not let a user publish.
    await broker.addUser('reader', PASSWORD, ['^$', '^$', '^$']);
    await broker.addUser('queue-only', PASSWORD, ['^$', '^warren\\..*', '^$']);
    await broker.addUser('caller', PASSWORD, ['^$', '^amq\\.default$', '^$']);
    const { queue, seen, server } = await service();
    for (const user of ['reader', 'queue-only']) {
      const refused = await rawRequest(queue, { url: broker.url(user, PASSWORD), userId: user });
      assert.equal(refused.channelError?.code, 403, `${user}: ${JSON.stringify(refused)}`);
      assert.match(refused.channelError!.message, /access to exchange 'amq.default' in vhost '\/' refused/);
    }
    const allowed = await rawRequest(queue, { url: broker.url('caller', PASSWORD), userId: 'caller' });
    assert.equal(allowed.reply?.status, undefined, JSON.stringify(allowed));
    assert.deepEqual(seen.map((c) => c.caller?.user), ['caller']);
    await server.close({ timeoutMs: 1_000 });
  });

  it('a warren caller needs write on amq.default and configure+read on its reply queues (warren.reply.*), nothing else', async () => {
    const { queue, server } = await service();
    await broker.addUser('pure-caller', PASSWORD, ['^warren\\.reply\\.', '^amq\\.default$', '^warren\\.reply\\.']);
    const calc = await client('pure-caller', queue);
    assert.deepEqual(await calc.calculate({ n: 5n }), { result: 10n });
    // Direct reply-to declares no queue: write on amq.default is all it takes.
    const direct = await client('caller', queue, { replyMode: 'direct' });
    assert.deepEqual(await direct.calculate({ n: 6n }), { result: 12n });
    await server.close({ timeoutMs: 1_000 });
  });

  it('a service user owns its queues: it serves with permissions on them alone, and no other user can consume or delete them (403)', async () => {
    const queue = uniqueQueue('owned');
    const own = `^${queue.replace(/\./g, '\\.')}(\\.dead-letter)?$`;
    await broker.addUser('svc-owned', PASSWORD, [own, '^amq\\.default$', own]);
    const { server } = await service({}, 'svc-owned', queue);
    const calc = await client('pure-caller', queue);
    assert.deepEqual(await calc.calculate({ n: 7n }), { result: 14n });
    for (const attempt of ['consume', 'delete'] as const) {
      const conn = await amqp.connect(broker.url('pure-caller', PASSWORD));
      conn.on('error', () => undefined);
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await assert.rejects(attempt === 'consume' ? ch.consume(queue, () => undefined) : ch.deleteQueue(queue), /403 \(ACCESS-REFUSED\)/);
      await conn.close().catch(() => undefined);
    }
    assert.deepEqual(await calc.calculate({ n: 8n }), { result: 16n }, 'the service still serves');
    await server.close({ timeoutMs: 1_000 });
  });

  it(
    'a caller refused its reply queue fails fast naming ACCESS_REFUSED, and its connection stays up',
    async () => {
      const { queue, server } = await service();
      const calc = await client('caller', queue, { timeoutMs: 4_000 }); // no configure/read on warren.reply.*
      const started = Date.now();
      await assert.rejects(calc.calculate({ n: 1n }), (err: unknown) => {
        assert.ok(err instanceof RpcError && err.code !== 'DEADLINE_EXCEEDED', String(err));
        assert.match(err.message, /ACCESS.REFUSED|access to queue/i);
        return true;
      });
      assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
      assert.equal(opened.at(-1)!.isOpen, true);
      await server.close({ timeoutMs: 1_000 });
    },
  );
});
