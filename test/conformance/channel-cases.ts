import assert from 'node:assert/strict';
import { type BrokerChannel, type Delivery, type ReturnedMessage } from '@warren/runtime';
import { DIRECT_REPLY_QUEUE } from '@warren/runtime/protocol';
import { sleep, until, type CaseContext, type ConformanceCase } from './broker-under-test.js';

/** A channel on a new connection, and a fresh durable queue on it. */
async function channelWithQueue(t: CaseContext, prefix: string): Promise<{ ch: BrokerChannel; queue: string }> {
  const ch = await (await t.connect()).openChannel();
  const queue = t.queue(prefix);
  await ch.assertQueue(queue, { durable: true });
  return { ch, queue };
}

/** Resolves on the channel's 'close' (events.once would reject on the 'error' before it). */
function closed(ch: BrokerChannel): Promise<void> {
  return new Promise((resolve) => ch.on('close', resolve));
}

/** Resolves with the channel's next 'error'. */
function nextError(ch: BrokerChannel): Promise<Error & { code?: number }> {
  return new Promise((resolve) => ch.on('error', resolve));
}

/** Collects what a consumer receives. */
function collector(): { got: Delivery[]; onMessage: (msg: Delivery | null) => void } {
  const got: Delivery[] = [];
  return { got, onMessage: (msg) => msg && got.push(msg) };
}

/** Rejects with an AMQP channel error of `code`, its text matching `text`. */
async function channelError(op: Promise<unknown>, code: number, text: RegExp): Promise<void> {
  await assert.rejects(op, (err: Error & { code?: number }) => {
    assert.equal(err.code, code, err.message);
    assert.match(err.message, text);
    return true;
  });
}

export const channelCases: ConformanceCase[] = [
  {
    name: "returns a mandatory publish to a missing queue: 'return' with 312 NO_ROUTE",
    async run(t) {
      const ch = await (await t.connect()).openChannel();
      const queue = t.queue('missing');
      const returned = new Promise<ReturnedMessage>((resolve) => ch.on('return', resolve));
      ch.publish('', queue, Buffer.from('hi'), { mandatory: true, correlationId: 'c1' });
      const msg = await returned;
      assert.deepEqual(msg.fields, { replyCode: 312, replyText: 'NO_ROUTE', exchange: '', routingKey: queue });
      assert.equal(msg.properties.correlationId, 'c1');
      assert.equal(msg.content.toString(), 'hi');
    },
  },
  {
    name: 'delivers round robin to the consumers of one queue, copying bodies at publish',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'rr');
      const a = collector();
      const b = collector();
      await ch.consume(queue, a.onMessage, { noAck: true });
      await ch.consume(queue, b.onMessage, { noAck: true });
      const body = Buffer.from('m0');
      for (let i = 0; i < 10; i++) {
        body.write(`m${i}`);
        ch.publish('', queue, body); // reused at once: the broker must have copied it
      }
      await until(() => a.got.length + b.got.length === 10, 'ten deliveries');
      assert.deepEqual(a.got.map((m) => m.content.toString()), ['m0', 'm2', 'm4', 'm6', 'm8']);
      assert.deepEqual(b.got.map((m) => m.content.toString()), ['m1', 'm3', 'm5', 'm7', 'm9']);
    },
  },
  {
    name: 'stops at the prefetch count of unacked messages, and goes on as they are acked',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'qos');
      await ch.prefetch(2);
      const c = collector();
      await ch.consume(queue, c.onMessage, { noAck: false });
      for (let i = 0; i < 5; i++) ch.publish('', queue, Buffer.from(String(i)));
      await until(() => c.got.length === 2, 'two deliveries');
      await sleep(150);
      assert.equal(c.got.length, 2);
      ch.ack(c.got[0]!);
      await until(() => c.got.length === 3, 'a third delivery');
      await sleep(100);
      assert.equal(c.got.length, 3);
      assert.deepEqual(c.got.map((m) => m.content.toString()), ['0', '1', '2']);
    },
  },
  {
    name: 'drops a message that waited past its expiration, and keeps the properties of others',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'ttl');
      ch.publish('', queue, Buffer.from('short'), { expiration: '50' });
      ch.publish('', queue, Buffer.from('long'), { expiration: 60_000, headers: { 'x-n': 7, s: 'v' }, type: 'T' });
      await sleep(250);
      assert.equal((await ch.assertQueue(queue, { durable: true })).messageCount, 1);
      const c = collector();
      await ch.consume(queue, c.onMessage, { noAck: true });
      await until(() => c.got.length === 1, 'one delivery');
      await sleep(50);
      assert.equal(c.got.length, 1);
      const [msg] = c.got;
      assert.equal(msg!.content.toString(), 'long');
      assert.equal(msg!.properties.expiration, '60000');
      assert.equal(msg!.properties.type, 'T');
      assert.deepEqual(msg!.properties.headers, { 'x-n': 7, s: 'v' });
      assert.equal(msg!.fields.redelivered, false);
    },
  },
  {
    name: 'redelivers unacked messages, marked redelivered, when their channel closes',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'requeue');
      const first = collector();
      await ch.consume(queue, first.onMessage, { noAck: false });
      ch.publish('', queue, Buffer.from('a'));
      ch.publish('', queue, Buffer.from('b'));
      await until(() => first.got.length === 2, 'two deliveries');
      ch.ack(first.got[0]!);
      const other = await (await t.connect()).openChannel();
      const second = collector();
      await other.consume(queue, second.onMessage, { noAck: false });
      await ch.close();
      await until(() => second.got.length === 1, 'a redelivery');
      assert.equal(second.got[0]!.content.toString(), 'b');
      assert.equal(second.got[0]!.fields.redelivered, true);
    },
  },
  {
    name: 'routes a reply to the direct reply-to consumer of the publishing channel, by the rewritten reply_to',
    async run(t) {
      const { ch: server, queue } = await channelWithQueue(t, 'direct');
      const requests = collector();
      await server.consume(queue, requests.onMessage, { noAck: true });
      const caller = await (await t.connect()).openChannel();
      const replies = collector();
      await caller.consume(DIRECT_REPLY_QUEUE, replies.onMessage, { noAck: true });
      caller.publish('', queue, Buffer.from('ping'), { replyTo: DIRECT_REPLY_QUEUE, correlationId: 'x' });
      await until(() => requests.got.length === 1, 'the request arrives');
      const replyTo = requests.got[0]!.properties.replyTo!;
      assert.ok(replyTo.startsWith(`${DIRECT_REPLY_QUEUE}.`), replyTo);
      server.publish('', replyTo, Buffer.from('pong'), { correlationId: 'x' });
      await until(() => replies.got.length === 1, 'the reply arrives');
      assert.equal(replies.got[0]!.content.toString(), 'pong');
      assert.equal(replies.got[0]!.properties.correlationId, 'x');
    },
  },
  {
    name: 'closes a channel that publishes with direct reply-to but does not consume it',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'noreply');
      const whenClosed = closed(ch);
      const error = nextError(ch);
      ch.publish('', queue, Buffer.from('x'), { replyTo: DIRECT_REPLY_QUEUE });
      const err = await error;
      await whenClosed;
      assert.equal(err.code, 406);
      assert.match(err.message, /PRECONDITION_FAILED - fast reply consumer does not exist/);
    },
  },
  {
    name: 'refuses to redeclare a queue with other properties: 406 PRECONDITION_FAILED, channel closed',
    async run(t) {
      const { queue } = await channelWithQueue(t, 'inequivalent');
      const ch = await (await t.connect()).openChannel();
      const whenClosed = closed(ch);
      // auto_delete, not durable: a non-durable, non-exclusive declaration is what 4.3 refuses outright.
      await channelError(ch.assertQueue(queue, { durable: true, autoDelete: true }), 406, /PRECONDITION_FAILED - inequivalent arg 'auto_delete'/);
      await whenClosed;
      assert.throws(() => ch.publish('', queue, Buffer.from('x')), /Channel closed/);
    },
  },
  {
    name: 'checks a queue passively: its counts, or 404 NOT_FOUND and the channel closed when there is none',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'passive');
      ch.publish('', queue, Buffer.from('x'));
      let counts = await ch.checkQueue(queue);
      for (let i = 0; i < 100 && counts.messageCount === 0; i++) (await sleep(10), (counts = await ch.checkQueue(queue)));
      assert.deepEqual(counts, { queue, messageCount: 1, consumerCount: 0 });
      const whenClosed = closed(ch);
      ch.on('error', () => undefined);
      await channelError(ch.checkQueue(t.queue('nowhere')), 404, /NOT_FOUND - no queue '.*nowhere.*' in vhost '\/'/);
      await whenClosed;
    },
  },
  {
    name: 'names a queue declared without a name, keeps an exclusive queue to its connection, deletes it with it',
    async run(t) {
      const owner = await t.connect();
      const ch = await owner.openChannel();
      const { queue } = await ch.assertQueue('', { exclusive: true, durable: false });
      assert.match(queue, /^amq\.gen-/);
      const other = await (await t.connect()).openChannel();
      await channelError(other.consume(queue, () => undefined), 405, /RESOURCE_LOCKED - cannot obtain exclusive access/);
      const third = await (await t.connect()).openChannel();
      await channelError(third.assertQueue(queue, { exclusive: true }), 403, /ACCESS_REFUSED - queue name '.*' contains reserved prefix 'amq\.\*'/);
      await owner.close();
      const again = await (await t.connect()).openChannel();
      await channelError(again.consume(queue, () => undefined), 404, /NOT_FOUND - no queue/);
    },
  },
  {
    name: 'stops deliveries to a cancelled consumer; what it holds can still be acked',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'cancel');
      const c = collector();
      const { consumerTag } = await ch.consume(queue, c.onMessage, { noAck: false });
      ch.publish('', queue, Buffer.from('1'));
      await until(() => c.got.length === 1, 'a delivery');
      await ch.cancel(consumerTag);
      ch.publish('', queue, Buffer.from('2'));
      await sleep(150);
      assert.equal(c.got.length, 1);
      ch.ack(c.got[0]!);
      assert.equal((await ch.assertQueue(queue, { durable: true })).messageCount, 1);
    },
  },
  {
    name: 'closes the channel on an ack of an unknown delivery tag (406)',
    async run(t) {
      const { ch, queue } = await channelWithQueue(t, 'badack');
      const c = collector();
      await ch.consume(queue, c.onMessage, { noAck: false });
      ch.publish('', queue, Buffer.from('1'));
      await until(() => c.got.length === 1, 'a delivery');
      const error = nextError(ch);
      ch.ack(c.got[0]!);
      ch.ack(c.got[0]!); // twice
      const err = await error;
      assert.equal(err.code, 406);
      assert.match(err.message, /unknown delivery tag 1/);
    },
  },
];
