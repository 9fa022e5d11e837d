/**
 * The server's limits on a request's header table (issue 19.4), against a private node: size
 * (maxHeaderBytes, default 64 KiB) and count (maxHeaders, default 1000) answer
 * RESOURCE_EXHAUSTED; a table nested too deep or holding a field type amqplib cannot decode
 * answers INVALID_ARGUMENT, where without the guard it closes the server's whole connection
 * (shown on a plain amqplib consumer) and, redelivered, would close it again and again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import amqp from 'amqplib';
import { connect, RpcError, type Connection, type Logger } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { uniqueQueue } from '../support/broker.js';
import { TlsBroker } from '../support/tls-broker.js';
import { field, hostileRequest, nestedArray, nestedTable, publishRaw, stringField } from '../support/raw-frames.js';

let broker: TlsBroker;
let conn: Connection;
let queue: string;
let server: Awaited<ReturnType<typeof serveCalculator>>;
const logged: string[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: (m) => void logged.push(m),
  warn: (m) => void logged.push(m),
  error: (m) => void logged.push(m),
};

before(async () => {
  broker = await TlsBroker.start();
  process.stderr.write(`private broker started in ${broker.startMs} ms\n`);
  conn = await connect(broker.url(), { logger });
  queue = uniqueQueue('header-limits');
  server = await serveCalculator(conn, calculatorHandlers, { queue });
});

after(async () => {
  await server?.close({ timeoutMs: 1_000 });
  await conn?.close();
  await broker?.stop();
});

/** Many one-letter-valued string headers, `count` of them. */
function manyHeaders(count: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, i) => stringField(`h${i}`, 'v')));
}

describe('header table limits', () => {
  it('bad limits are refused when the server is made, naming the option', async () => {
    await assert.rejects(serveCalculator(conn, calculatorHandlers, { queue, maxHeaderBytes: -1 }), /ServerOptions\.maxHeaderBytes: expected a whole number from 0 to 4294967295, for example 65536; got -1/);
    await assert.rejects(serveCalculator(conn, calculatorHandlers, { queue, maxHeaders: 1.5 }), /ServerOptions\.maxHeaders: expected a whole number .* got 1\.5/);
  });

  it('a table over maxHeaderBytes is RESOURCE_EXHAUSTED naming size and limit; one within it is served', async () => {
    const q = uniqueQueue('header-bytes');
    const small = await serveCalculator(conn, calculatorHandlers, { queue: q, maxHeaderBytes: 1024 });
    const calc = new CalculatorClient(conn, { queue: q, timeoutMs: 5_000 });
    try {
      await assert.rejects(calc.calculate({ n: 1n }, { headers: { big: 'x'.repeat(2_000) } }), (err: unknown) => {
        assert.ok(RpcError.is(err, 'RESOURCE_EXHAUSTED'), String(err));
        assert.match(err.message, /request header table of 20\d\d bytes exceeds the server's limit of 1024 \(ServerOptions\.maxHeaderBytes\)/);
        return true;
      });
      assert.deepEqual(await calc.calculate({ n: 1n }, { headers: { small: 'x'.repeat(500) } }), { result: 2n });
    } finally {
      await calc.close();
      await small.close({ timeoutMs: 1_000 });
    }
  });

  it('the default size limit is 64 KiB: a 100 KB table (over what amqplib can send) is RESOURCE_EXHAUSTED', async () => {
    const outcome = await hostileRequest(broker.url(), queue, stringField('big', 'x'.repeat(100_000)));
    assert.equal(outcome.status, 'RESOURCE_EXHAUSTED', JSON.stringify(outcome));
    assert.match(outcome.message ?? '', /header table of 1000\d\d bytes exceeds the server's limit of 65536/);
  });

  it('the default count limit is 1000 headers: 1001 is RESOURCE_EXHAUSTED, 1000 is served', async () => {
    const over = await hostileRequest(broker.url(), queue, manyHeaders(1001));
    assert.equal(over.status, 'RESOURCE_EXHAUSTED', JSON.stringify(over));
    assert.match(over.message ?? '', /request has 1001 headers, over the server's limit of 1000 \(ServerOptions\.maxHeaders\)/);
    assert.equal((await hostileRequest(broker.url(), queue, manyHeaders(1000))).status, 'OK');
  });
});

describe('hostile header tables', () => {
  it('the attack is real: a table nested 5000 deep closes a plain amqplib consumer connection', async () => {
    const q = uniqueQueue('header-victim');
    const victim = await amqp.connect(broker.url());
    const closed = new Promise<string>((resolve) => victim.on('close', (err?: Error) => resolve(String(err?.message))));
    victim.on('error', () => undefined);
    const ch = await victim.createChannel();
    await ch.assertQueue(q, { autoDelete: true });
    await ch.consume(q, () => undefined);
    await hostileRequest(broker.url(), q, nestedTable(5_000), 200);
    assert.match(await closed, /Maximum call stack size exceeded/);
  });

  for (const [name, table, reason] of [
    ['nested 5000 deep', nestedTable(5_000), /request headers refused: the header table is nested more than 32 deep/],
    ['nested 33 deep', nestedTable(33), /nested more than 32 deep/],
    ['of arrays nested 5000 deep', nestedArray(5_000), /nested more than 32 deep/],
    ["with a field of type 'L' (RabbitMQ passes it, amqplib cannot decode it)", field('n', 'L', Buffer.alloc(8)), /field type 'L' \(0x4c\), which warren cannot read/],
  ] as const) {
    it(`a table ${name} is INVALID_ARGUMENT, and the server's connection stays up`, async () => {
      logged.length = 0;
      const outcome = await hostileRequest(broker.url(), queue, table);
      assert.equal(outcome.status, 'INVALID_ARGUMENT', JSON.stringify(outcome));
      assert.match(outcome.message ?? '', reason);
      assert.deepEqual(logged.filter((m) => /lost|error/.test(m)), [], 'the server connection must not be lost');
      const calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
      assert.deepEqual(await calc.calculate({ n: 4n }), { result: 8n });
      await calc.close();
      const listed = await broker.ctl('list_queues', 'name', 'messages_unacknowledged', 'messages', '--no-table-headers');
      assert.match(listed, new RegExp(`${queue}\\s+0\\s+0`), `nothing left to redeliver: ${listed}`);
    });
  }

  it('tables and arrays nested exactly 32 deep are served', async () => {
    assert.equal((await hostileRequest(broker.url(), queue, nestedTable(32))).status, 'OK');
    assert.equal((await hostileRequest(broker.url(), queue, nestedArray(32))).status, 'OK');
  });
});

describe('a reply whose header table the guard empties', () => {
  for (const [name, table] of [
    ['nested 5000 deep', nestedTable(5_000)],
    ["with a field of type 'L'", field('n', 'L', Buffer.alloc(8))],
  ] as const) {
    it(`(${name}) fails its call with UNKNOWN, never a success, and the caller's connection stays up`, async () => {
      // A peer that answers with a hostile table: the status it carried is lost with it, so
      // the call must not be read as a success (the body is a valid CalculateReply).
      const serviceQueue = uniqueQueue('hostile-replier');
      const peer = await amqp.connect(broker.url());
      try {
        const ch = await peer.createChannel();
        await ch.assertQueue(serviceQueue, { durable: false, autoDelete: true });
        await ch.consume(serviceQueue, (msg) => {
          if (!msg) return;
          ch.ack(msg);
          const p = { table, correlationId: msg.properties.correlationId as string, contentType: 'application/x-protobuf' };
          publishRaw(peer, ch, msg.properties.replyTo as string, p, Buffer.from([0x08, 0x2a]));
        });
        logged.length = 0;
        const calc = new CalculatorClient(conn, { queue: serviceQueue, timeoutMs: 5_000 });
        const err = await calc.calculate({ n: 21n }).then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof RpcError, `expected an RpcError, got ${String(err)}`);
        assert.equal(err.code, 'UNKNOWN');
        assert.match(err.message, /reply headers refused/);
        await calc.close();
        assert.deepEqual(logged.filter((m) => /lost/.test(m)), [], 'the caller connection must not be lost');
        const good = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
        assert.deepEqual(await good.calculate({ n: 4n }), { result: 8n });
        await good.close();
      } finally {
        await peer.close();
      }
    });
  }
});
