import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../src/logger.js';
import { memory } from '../src/memory/memory.js';
import { closed, collect, nextError, sleep, until } from './memory-fixtures.js';

const open = async () => {
  const conn = memory({ logger: silentLogger });
  return { conn, ch: await conn.openChannel() };
};

describe('memory() channels', () => {
  it('delivers on a later turn of the event loop, never inside publish', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('q');
    const { got } = await collect(ch, 'q');
    ch.publish('', 'q', Buffer.from('x'));
    assert.equal(got.length, 0);
    await until(() => got.length === 1, 'the delivery');
    await conn.close();
  });

  it('gives every consumer its own copy of body and headers', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('q');
    const headers = { nested: { a: [1, 2] }, bytes: Buffer.from('b') };
    const { got } = await collect(ch, 'q', { noAck: false });
    ch.publish('', 'q', Buffer.from('abc'), { headers });
    headers.nested.a.push(3);
    await until(() => got.length === 1, 'the delivery');
    const first = got[0]!;
    assert.deepEqual(first.properties.headers, { nested: { a: [1, 2] }, bytes: Buffer.from('b') });
    first.content.write('zzz'); // a consumer scribbling on its buffer
    (first.properties.headers!['nested'] as { a: number[] }).a.push(9);
    ch.nack(first); // back to the queue, redelivered
    await until(() => got.length === 2, 'the redelivery');
    assert.equal(got[1]!.content.toString(), 'abc');
    assert.deepEqual(got[1]!.properties.headers!['nested'], { a: [1, 2] });
    assert.equal(got[1]!.fields.redelivered, true);
    await conn.close();
  });

  it('throws at publish on a header AMQP cannot carry, as amqplib does', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('q');
    assert.throws(() => ch.publish('', 'q', Buffer.from('x'), { headers: { when: 10n } }), /headers\.when: an AMQP header value/);
    assert.throws(() => ch.publish('', 'q', 'text' as unknown as Buffer), /expected the content as a Buffer/);
    await conn.close();
  });

  it('closes the channel on an invalid expiration or an unknown exchange', async () => {
    for (const [publish, pattern] of [
      [{ exchange: '', expiration: 'soon' }, /406 .*invalid expiration 'soon'/],
      [{ exchange: 'amq.topic', expiration: undefined }, /404 .*NOT_FOUND - no exchange 'amq.topic'/],
    ] as const) {
      const { conn, ch } = await open();
      await ch.assertQueue('q');
      const error = nextError(ch);
      const whenClosed = closed(ch);
      ch.publish(publish.exchange, 'q', Buffer.from('x'), { expiration: publish.expiration });
      assert.match((await error).message, pattern);
      await whenClosed;
      assert.throws(() => ch.publish('', 'q', Buffer.from('x')), /Channel closed/);
      await assert.rejects(ch.close(), /Channel closed/);
      await conn.close();
    }
  });

  it('applies a prefetch to the consumers started after it, per consumer', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('q');
    await ch.prefetch(1);
    const a = await collect(ch, 'q', { noAck: false });
    await ch.prefetch(0); // unlimited for the next consumer
    const b = await collect(ch, 'q', { noAck: false });
    for (let i = 0; i < 6; i++) ch.publish('', 'q', Buffer.from(String(i)));
    await until(() => a.got.length + b.got.length === 6, 'all six delivered');
    assert.equal(a.got.length, 1);
    await conn.close();
  });

  it('acks and nacks several at once with allUpTo; a nack without requeue drops', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('q');
    await ch.prefetch(3);
    const c = await collect(ch, 'q', { noAck: false });
    for (let i = 0; i < 4; i++) ch.publish('', 'q', Buffer.from(String(i)));
    await until(() => c.got.length === 3, 'three deliveries');
    ch.nack(c.got[1]!, true, false); // drops 0 and 1
    await until(() => c.got.length === 4, 'the fourth');
    ch.ack(c.got[3]!);
    ch.ack(c.got[2]!);
    await sleep(20);
    assert.equal(conn.broker.messageCount('q'), 0);
    assert.deepEqual(c.got.map((m) => m!.content.toString()), ['0', '1', '2', '3']);
    await conn.close();
  });

  it('cancels consumers with a null delivery when their queue is deleted', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('q');
    const c = await collect(ch, 'q');
    assert.equal(conn.broker.deleteQueue('q'), true);
    await until(() => c.got.length === 1, 'the cancel');
    assert.equal(c.got[0], null);
    assert.deepEqual(conn.broker.queueNames, []);
    await conn.close();
  });

  it('deletes an auto-delete queue with its last consumer, and an x-expires queue once unused', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('auto', { autoDelete: true });
    await ch.assertQueue('expiring', { durable: true, arguments: { 'x-expires': 50 } });
    const { consumerTag } = await collect(ch, 'auto');
    await ch.cancel(consumerTag);
    assert.deepEqual(conn.broker.queueNames, ['expiring']);
    await until(() => conn.broker.queueNames.length === 0, 'the unused queue expires');
    await conn.close();
  });

  it('refuses a second direct reply-to consumer, and one that would ack', async () => {
    const { conn, ch } = await open();
    await assert.rejects(ch.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: false }), /reply consumer cannot acknowledge/);
    const ch2 = await conn.openChannel();
    await ch2.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: true });
    await assert.rejects(ch2.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: true }), /reply consumer already set/);
    await conn.close();
  });
});
