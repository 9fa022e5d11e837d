import assert from 'node:assert/strict';
import type { BrokerChannel, Delivery } from '@warren/runtime';
import { until, type CaseContext, type ConformanceCase } from './broker-under-test.js';

/** A quorum queue dead-lettering to another, declared as warren's quorum servers declare them. */
async function quorumPair(t: CaseContext, deliveryLimit: number): Promise<{ ch: BrokerChannel; queue: string; dead: string }> {
  const ch = await (await t.connect()).openChannel();
  const queue = t.queue('quorum');
  const dead = `${queue}.dead-letter`;
  await ch.assertQueue(dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': deliveryLimit,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': dead,
    },
  });
  return { ch, queue, dead };
}

/** The first message that reaches `queue`, consumed without ack. */
async function firstMessage(ch: BrokerChannel, queue: string): Promise<Delivery> {
  let got: Delivery | undefined;
  await ch.consume(queue, (msg) => (got ??= msg ?? undefined), { noAck: true });
  await until(() => got !== undefined, `a message reaches ${queue}`);
  return got!;
}

export const deadLetterCases: ConformanceCase[] = [
  {
    name: 'counts returns on a quorum queue (x-delivery-count) and dead-letters past x-delivery-limit',
    async run(t) {
      const { ch, queue, dead } = await quorumPair(t, 1);
      const seen: Delivery[] = [];
      await ch.consume(queue, (msg) => {
        if (!msg) return;
        seen.push(msg);
        ch.nack(msg, false, true); // give it back, as a server that died would
      });
      ch.publish('', queue, Buffer.from('poison'), { headers: { a: 1 }, correlationId: 'p' });
      const dl = await firstMessage(ch, dead);
      assert.equal(seen.length, 2, 'delivered once, then redelivered once (limit 1), then dead-lettered');
      assert.deepEqual(seen.map((m) => m.fields.redelivered), [false, true]);
      assert.equal(seen[0]!.properties.headers?.['x-delivery-count'], undefined);
      assert.equal(seen[1]!.properties.headers?.['x-delivery-count'], 1);
      assert.equal(dl.content.toString(), 'poison');
      assert.equal(dl.properties.correlationId, 'p');
      assert.equal(dl.fields.routingKey, dead);
      const headers = dl.properties.headers!;
      assert.equal(headers['a'], 1);
      assert.equal(headers['x-first-death-reason'], 'delivery_limit');
      assert.equal(headers['x-first-death-queue'], queue);
      const [death] = headers['x-death'] as Record<string, unknown>[];
      assert.equal(death!['reason'], 'delivery_limit');
      assert.deepEqual(death!['routing-keys'], [queue]);
    },
  },
  {
    name: 'dead-letters a message that expired in a queue with a dead-letter target',
    async run(t) {
      const { ch, queue, dead } = await quorumPair(t, 5);
      ch.publish('', queue, Buffer.from('late'), { expiration: '20' });
      const dl = await firstMessage(ch, dead);
      assert.equal(dl.content.toString(), 'late');
      assert.equal(dl.properties.headers?.['x-first-death-reason'], 'expired');
      assert.equal(dl.properties.expiration, undefined);
    },
  },
  {
    name: 'dead-letters a message rejected without requeue',
    async run(t) {
      const { ch, queue, dead } = await quorumPair(t, 5);
      await ch.consume(queue, (msg) => msg && ch.nack(msg, false, false));
      ch.publish('', queue, Buffer.from('no'));
      const dl = await firstMessage(ch, dead);
      assert.equal(dl.properties.headers?.['x-first-death-reason'], 'rejected');
    },
  },
];
