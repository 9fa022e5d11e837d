import assert from 'node:assert/strict';
import type { BrokerChannel, Connection } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { until, type CaseContext, type ConformanceCase } from './broker-under-test.js';

/**
 * What RabbitMQ 4.3 refuses (its deprecated features denied by default, and the classic queue
 * arguments it dropped), and how: texts from 4.3's source (rabbit_deprecated_features.erl,
 * rabbit_amqqueue.erl, rabbit_classic_queue.erl, rabbit_channel.erl at v4.3.0). RabbitMQ
 * 3.10 to 4.2 accept these, so on them the cases are memory-only (`since`).
 */
const SINCE_4_3 = (what: string, does = 'refuses it') => ({
  rabbitmq: '4.3',
  why: `RabbitMQ before 4.3 accepts ${what}; 4.3 ${does}, as memory() does`,
});

/** The start of 4.3's 541 reply text for a deprecated feature that is denied by default. */
const denied = (feature: string) => `INTERNAL_ERROR - Feature \`${feature}\` is deprecated.\nBy default, this feature is not permitted anymore.\n`;

/** A connection, one of its channels, and the error its next 'down' carries. */
async function watched(t: CaseContext): Promise<{ conn: Connection; ch: BrokerChannel; down: Promise<Error> }> {
  const conn = await t.connect();
  const down = new Promise<Error>((resolve) => {
    const unwatch = conn.watch({
      down: (err) => {
        unwatch();
        resolve(err);
      },
    });
  });
  return { conn, ch: await conn.openChannel(), down };
}

/** The declaration fails as amqplib fails an operation whose connection the broker closed with 541. */
async function connectionClosed(t: CaseContext, declare: (ch: BrokerChannel, queue: string) => Promise<unknown>, feature: string) {
  const { conn, ch, down } = await watched(t);
  const other = await conn.openChannel();
  const otherClosed = new Promise<void>((resolve) => other.on('close', resolve));
  const channelErrors: Error[] = [];
  ch.on('error', (err) => channelErrors.push(err));
  const queue = t.queue('deprecated');
  await assert.rejects(declare(ch, queue), /^Error: Channel ended, no reply will be forthcoming$/);
  const error = await down;
  assert.ok(
    error.message.includes(`Connection closed: 541 (INTERNAL-ERROR) with message "${denied(feature)}`),
    `down with 541 for ${feature}: ${error.message}`,
  );
  await otherClosed; // the whole connection went, not just the channel
  assert.deepEqual(channelErrors, [], 'no channel error: the connection closed');
  // The connection comes back (warren reconnects), and the queue was never created.
  await conn.ready(Date.now() + 10_000);
  const check = await conn.openChannel();
  await assert.rejects(check.consume(queue, () => undefined), (err: Error & { code?: number }) => err.code === 404);
}

/** The declaration fails with a channel error: 406 PRECONDITION_FAILED and `text`. */
async function preconditionFailed(ch: BrokerChannel, declaration: Promise<unknown>, text: string): Promise<void> {
  const closed = new Promise<void>((resolve) => ch.on('close', resolve));
  await assert.rejects(declaration, (err: Error & { code?: number }) => {
    assert.equal(err.code, 406, err.message);
    assert.ok(err.message.endsWith(`with message "PRECONDITION_FAILED - ${text}"`), err.message);
    return true;
  });
  await closed;
}

export const deprecatedFeatureCases: ConformanceCase[] = [
  {
    name: 'closes the connection (541) on a new queue neither durable nor exclusive (transient_nonexcl_queues)',
    since: SINCE_4_3('a transient non-exclusive queue'),
    async run(t) {
      await connectionClosed(t, (ch, q) => ch.assertQueue(q, { durable: false, exclusive: false }), 'transient_nonexcl_queues');
    },
  },
  {
    name: 'closes the connection (541) on x-queue-master-locator for a classic queue (queue_master_locator)',
    since: SINCE_4_3('x-queue-master-locator'),
    async run(t) {
      await connectionClosed(
        t,
        (ch, q) => ch.assertQueue(q, { durable: true, arguments: { 'x-queue-master-locator': 'client-local' } }),
        'queue_master_locator',
      );
    },
  },
  {
    name: 'closes the channel (406) on x-queue-version 1: classic queues are version 2 only',
    since: SINCE_4_3('x-queue-version 1'),
    async run(t) {
      const ch = await (await t.connect()).openChannel();
      const queue = t.queue('v1');
      await preconditionFailed(
        ch,
        ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-version': 1 } }),
        `invalid arg 'x-queue-version' for queue '${queue}' in vhost '/': "unsupported queue version '1'"`,
      );
    },
  },
  {
    name: 'closes the channel (406) on classic queue arguments for a quorum queue (x-queue-mode, x-queue-master-locator)',
    async run(t) {
      for (const arg of ['x-queue-mode', 'x-queue-master-locator']) {
        const ch = await (await t.connect()).openChannel();
        const queue = t.queue('quorum-args');
        await preconditionFailed(
          ch,
          ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum', [arg]: arg === 'x-queue-mode' ? 'lazy' : 'client-local' } }),
          `invalid arg '${arg}' for queue '${queue}' in vhost '/' of queue type rabbit_quorum_queue`,
        );
      }
    },
  },
  {
    name: 'applies a global prefetch per consumer, without an error (global_qos)',
    since: SINCE_4_3('global QoS (a prefetch shared by the channel)', 'applies it per consumer'),
    async run(t) {
      const ch = await (await t.connect()).openChannel();
      const queue = t.queue('global-qos');
      await ch.assertQueue(queue, { durable: true });
      // amqplib's prefetch takes `global` as its second argument; BrokerChannel leaves it out.
      await (ch as unknown as { prefetch(count: number, global: boolean): Promise<unknown> }).prefetch(1, true);
      const got = [0, 0];
      for (const i of [0, 1]) await ch.consume(queue, (msg) => msg && got[i]!++, { noAck: false });
      for (let i = 0; i < 4; i++) ch.publish('', queue, Buffer.from(String(i)));
      await until(() => got[0]! + got[1]! >= 2, 'one unacked message for each consumer');
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.deepEqual(got, [1, 1]);
    },
  },
  {
    // The broker may keep an exclusive reply queue (and its exclusive consumer) of a lost
    // connection until heartbeats time out: a client that declared the same name again would
    // fail with 405 RESOURCE_LOCKED until then.
    name: "serves a default client at once after its connection is lost, while the broker still holds the old one",
    async run(t) {
      const queue = t.queue('reply-queue');
      const server = await serveCalculator(await t.connect(), calculatorHandlers, { queue });
      t.defer(() => server.close({ timeoutMs: 500 }));
      const { conn, drop } = await t.connectDroppable();
      const calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
      t.defer(() => calc.close());
      assert.equal((await calc.calculate({ n: 1n })).result, 2n);
      const down = new Promise<void>((resolve) => conn.watch({ down: () => resolve() }));
      await drop();
      await down;
      await conn.ready(Date.now() + 5_000);
      assert.equal((await calc.calculate({ n: 2n })).result, 4n);
    },
  },
];
