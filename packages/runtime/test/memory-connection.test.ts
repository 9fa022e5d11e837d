import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError } from '../src/rpc-error.js';
import { silentLogger } from '../src/logger.js';
import { memory } from '../src/memory/memory.js';
import { MemoryBroker } from '../src/memory/memory-broker.js';
import { closed, collect, until } from './memory-fixtures.js';

describe('memory() connections', () => {
  it('gives each memory() call a broker of its own unless one is shared', async () => {
    const a = memory({ logger: silentLogger });
    const b = memory({ logger: silentLogger });
    await (await a.openChannel()).assertQueue('only-in-a');
    assert.deepEqual(b.broker.queueNames, []);
    const c = memory({ broker: a.broker, logger: silentLogger });
    const ch = await c.openChannel();
    assert.equal((await ch.assertQueue('only-in-a')).queue, 'only-in-a');
    for (const conn of [a, b, c]) await conn.close();
  });

  it('simulates a connection loss: channels close, unacked messages go back, listeners hear down then up', async () => {
    const broker = new MemoryBroker();
    const conn = memory({ broker, logger: silentLogger });
    const other = memory({ broker, logger: silentLogger });
    const events: string[] = [];
    conn.watch({ down: (err) => events.push(`down ${RpcError.is(err, 'UNAVAILABLE')}`), up: () => events.push('up') });
    const ch = await conn.openChannel();
    await ch.assertQueue('work');
    await ch.assertQueue('', { exclusive: true });
    const mine = await collect(ch, 'work', { noAck: false });
    ch.publish('', 'work', Buffer.from('job'));
    await until(() => mine.got.length === 1, 'the job is taken');
    const whenClosed = closed(ch);

    const back = conn.simulateConnectionLoss({ downMs: 30 });
    await whenClosed;
    assert.deepEqual(events, ['down true']);
    assert.equal(conn.isOpen, false);
    await assert.rejects(conn.openChannel(), (err) => RpcError.is(err, 'UNAVAILABLE'));
    assert.deepEqual(broker.queueNames, ['work'], 'its exclusive queue went with it');
    const theirs = await collect(await other.openChannel(), 'work', { noAck: false });
    await until(() => theirs.got.length === 1, 'the job is redelivered elsewhere');
    assert.equal(theirs.got[0]!.fields.redelivered, true);

    await conn.ready(Date.now() + 5_000); // waits for the connection to come back
    await back;
    assert.deepEqual(events, ['down true', 'up']);
    await (await conn.openChannel()).assertQueue('work');
    await conn.close();
    await other.close();
  });

  it('simulates a broker restart: every connection drops, only durable queues and persistent messages survive', async () => {
    const broker = new MemoryBroker();
    const conns = [memory({ broker, logger: silentLogger }), memory({ broker, logger: silentLogger })];
    const ch = await conns[0]!.openChannel();
    await ch.assertQueue('durable', { durable: true });
    await ch.assertQueue('transient', { exclusive: true }); // 4.3 refuses transient queues that are not exclusive
    ch.publish('', 'durable', Buffer.from('kept'), { deliveryMode: 2 });
    ch.publish('', 'durable', Buffer.from('lost'));
    await until(() => broker.messageCount('durable') === 2, 'both are queued');
    const downs: number[] = [];
    conns.forEach((c, i) => c.watch({ down: () => downs.push(i) }));
    await broker.restart({ downMs: 10 });
    assert.deepEqual(downs, [0, 1]);
    assert.ok(conns.every((c) => c.isOpen));
    assert.deepEqual(broker.queueNames, ['durable']);
    const { got } = await collect(await conns[1]!.openChannel(), 'durable');
    await until(() => got.length === 1, 'the persistent message');
    assert.equal(got[0]!.content.toString(), 'kept');
    for (const c of conns) await c.close();
  });

  it('closes for good: channels close, ready() rejects, a later loss cannot be simulated', async () => {
    const conn = memory({ logger: silentLogger });
    const ch = await conn.openChannel();
    const whenClosed = closed(ch);
    await conn.close();
    await whenClosed;
    await conn.close(); // twice is fine
    await assert.rejects(conn.ready(Date.now() + 1_000), (err) => RpcError.is(err, 'UNAVAILABLE'));
    await assert.rejects(conn.openChannel(), (err) => RpcError.is(err, 'UNAVAILABLE'));
    await assert.rejects(conn.simulateConnectionLoss(), (err) => RpcError.is(err, 'UNAVAILABLE'));
    assert.deepEqual(conn.stats, { listeners: 0, waiters: 0, channels: 0 });
  });
});
