/**
 * Every warren header is read the same way whatever AMQP field type carries it (issue 14.1,
 * docs/protocol.md 2.2 and 3.1): long string, byte array (pika sends Python `bytes` so),
 * and for numbers the integer types. A status that is present and not exactly OK never
 * settles a call as a success.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConsumeMessage } from 'amqplib';
import amqp from 'amqplib';
import { RpcError } from '@warren/runtime';
import { ContentType, Header } from '@warren/runtime/protocol';
import { CalculatorClient, CalculatorService } from '../../generated/calculator.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { calculatorFixture, type CalculatorFixture } from '../support/calculator-fixture.js';
import { rawRequest } from '../support/raw-request.js';

const calculate = CalculatorService.methods.calculate;

/** What the fake peer puts in x-warren-status, by request n. amqplib picks the field type from the JS value. */
const STATUS_BY_N: Record<number, unknown> = {
  1: 'NOT_FOUND', // long string
  2: Buffer.from('NOT_FOUND'), // byte array, as pika sends bytes
  3: Buffer.from('OK'), // byte array OK: a success
  4: { '!': 'int8', value: 5 }, // an integer: "5" is no status code
  5: { nested: 'NOT_FOUND' }, // a table
  6: 1.5, // a double
  7: true, // a boolean
  8: Buffer.from([0xff, 0xfe]), // bytes that are not UTF-8
  9: 'ok', // not exactly OK
  10: ' OK',
  11: null, // void
  12: { '!': 'long', value: 0 },
};

describe('x-warren-status in every AMQP field type (a peer written in another language)', () => {
  const queue = uniqueQueue('status');
  let peer: amqp.ChannelModel;
  let calc: CalculatorClient;
  let conn: Awaited<ReturnType<typeof testConnection>>;

  before(async () => {
    // A peer that answers every request with {result: 42} and the status chosen by n.
    peer = await amqp.connect(AMQP_URL);
    const ch = await peer.createChannel();
    await ch.assertQueue(queue, { durable: true });
    await ch.consume(queue, (msg: ConsumeMessage | null) => {
      if (!msg) return;
      const n = Number(calculate.requestCodec.decode(msg.content).n);
      const status = STATUS_BY_N[n];
      const body = n === 3 ? Buffer.from(calculate.responseCodec.encode({ result: 42n })) : Buffer.from(JSON.stringify({ code: 'NOT_FOUND', message: 'peer says no' }));
      ch.publish('', msg.properties.replyTo as string, body, {
        correlationId: msg.properties.correlationId as string,
        contentType: ContentType.protobuf,
        headers: { [Header.status]: status },
      });
      ch.ack(msg);
    });
    conn = await testConnection();
    calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
  });
  after(async () => {
    await calc.close();
    await conn.close();
    await peer.close();
    await deleteQueues(queue);
  });

  async function outcome(n: number): Promise<string> {
    try {
      const reply = await calc.calculate({ n: BigInt(n) });
      return `OK ${reply.result}`;
    } catch (err) {
      assert.ok(err instanceof RpcError, `rejects with RpcError only, got ${String(err)}`);
      return err.code;
    }
  }

  it('an error status as a long string or a byte array is the same error', async () => {
    assert.equal(await outcome(1), 'NOT_FOUND');
    assert.equal(await outcome(2), 'NOT_FOUND');
  });

  it('OK as a byte array is a success', async () => {
    assert.equal(await outcome(3), 'OK 42');
  });

  it('a status that is present and not exactly OK is never a success', async () => {
    // The body is a valid error body naming NOT_FOUND: readable statuses take the body's code;
    // unreadable ones are UNKNOWN, with the header's kind in the message.
    for (const n of [4, 9, 10]) assert.equal(await outcome(n), 'NOT_FOUND', `status ${JSON.stringify(STATUS_BY_N[n])}`);
    for (const n of [5, 6, 7, 8, 11]) assert.equal(await outcome(n), 'UNKNOWN', `status ${String(STATUS_BY_N[n])}`);
    assert.equal(await outcome(12), 'NOT_FOUND', 'an integer 0 is "0", not OK');
    await assert.rejects(calc.calculate({ n: 5n }), /unreadable x-warren-status header \(a table\)/);
  });
});

describe('request headers in every AMQP field type, read by a warren server', () => {
  let f: CalculatorFixture;
  before(async () => {
    f = await calculatorFixture({});
  });
  after(() => f.close());

  const future = () => Date.now() + 10_000;
  const past = () => Date.now() - 1_000;

  it('x-warren-deadline as a long string, a byte array or an integer of any width is the same deadline', async () => {
    for (const deadline of [(t: number) => String(t), (t: number) => Buffer.from(String(t)), (t: number) => ({ '!': 'long', value: t })]) {
      const { reply: ok } = await rawRequest(f.queue, { headers: { [Header.deadline]: deadline(future()) } });
      assert.ok(ok, 'a future deadline is handled');
      assert.equal(ok.status, undefined);
      const expiredBefore = f.server.stats.expired;
      const late = await rawRequest(f.queue, { headers: { [Header.deadline]: deadline(past()) }, waitMs: 500 });
      assert.deepEqual(late, {}, 'a past deadline is skipped without a reply');
      assert.equal(f.server.stats.expired, expiredBefore + 1);
    }
  });

  it('x-warren-protocol is read from a long string, a byte array or an integer; anything else is refused by name', async () => {
    const accepted = ['1', Buffer.from('1'), { '!': 'int8', value: 1 }, '1.0', Buffer.from('1.7')];
    for (const version of accepted) {
      const { reply } = await rawRequest(f.queue, { headers: { [Header.protocol]: version } });
      assert.equal(reply?.status, undefined, `version ${String(version)} is 1`);
    }
    const refused: Array<[unknown, RegExp]> = [
      [Buffer.from('2'), /protocol version 2 is not supported/],
      [{ '!': 'int32', value: 2 }, /protocol version 2 is not supported/],
      [' 1', /must be a version like "1" or "1.1", got " 1"/],
      [{ v: 1 }, /must be a version like "1" or "1.1", got a table/],
      [1.5, /got the number 1.5/],
      [Buffer.from([0xc3]), /1 bytes that are not UTF-8/],
    ];
    for (const [version, message] of refused) {
      const { reply } = await rawRequest(f.queue, { headers: { [Header.protocol]: version } });
      assert.equal(String(reply?.status), 'FAILED_PRECONDITION');
      assert.match(String((reply?.body as { message?: string }).message), message);
    }
  });
});

describe('unreadable headers never hurt the server', () => {
  it('serves on after requests with headers of every field type', async () => {
    const f = await calculatorFixture({});
    try {
      const values: unknown[] = [null, true, 1.5, -1, { '!': 'timestamp', value: 1 }, { '!': 'decimal', value: { places: 2, digits: 5 } }, [1, 'a'], { a: { b: {} } }, Buffer.alloc(0)];
      for (const value of values) {
        await rawRequest(f.queue, { headers: { [Header.deadline]: value, [Header.deliveryCount]: value, traceparent: value } });
      }
      assert.deepEqual(await f.calc.calculate({ n: 2n }), { result: 4n });
    } finally {
      await f.close();
    }
  });
});

