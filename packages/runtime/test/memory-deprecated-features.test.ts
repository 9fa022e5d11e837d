import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcClient } from '../src/client/rpc-client.js';
import { silentLogger } from '../src/logger.js';
import { memory } from '../src/memory/memory.js';
import { MemoryBroker } from '../src/memory/memory-broker.js';
import { serve } from '../src/server/serve.js';
import { closed, collect, EchoService, until } from './memory-fixtures.js';

/**
 * RabbitMQ 4.3's reply texts, as its own code formats them (rabbit_deprecated_features.erl,
 * rabbit_binary_generator.erl's 255-character limit), computed with Erlang's io_lib.
 */
const DENIED_TEXT = (feature: string, cut: string) =>
  `INTERNAL_ERROR - Feature \`${feature}\` is deprecated.\nBy default, this feature is not permitted anymore.\n` +
  `The feature will be removed from a future major RabbitMQ version, regardless of the configuration; actual version to be determined.\n${cut}...`;

const open = async (broker = new MemoryBroker()) => {
  const conn = memory({ broker, logger: silentLogger });
  return { conn, ch: await conn.openChannel() };
};

describe("memory() refuses what RabbitMQ 4.3 refuses", () => {
  it('closes the connection (541) on a queue neither durable nor exclusive, then reconnects', async () => {
    const { conn, ch } = await open();
    const other = await conn.openChannel();
    const errors: Error[] = [];
    ch.on('error', (err) => errors.push(err));
    const down = new Promise<Error>((resolve) => conn.watch({ down: resolve }));
    const up = new Promise<void>((resolve) => conn.watch({ up: resolve }));
    const bothClosed = Promise.all([closed(ch), closed(other)]);
    await assert.rejects(ch.assertQueue('transient', { durable: false }), /^Error: Channel ended, no reply will be forthcoming$/);
    await bothClosed;
    assert.deepEqual(errors, [], "amqplib's channels only close when their connection does");
    const error = await down;
    assert.equal(
      error.message,
      `connection to the in-memory broker lost: Connection closed: 541 (INTERNAL-ERROR) with message "${DENIED_TEXT('transient_nonexcl_queues', 'To')}"`,
    );
    assert.deepEqual(conn.broker.queueNames, []);
    await up;
    const again = await conn.openChannel();
    await again.assertQueue('exclusive', { durable: false, exclusive: true });
    await again.assertQueue('durable', { durable: true });
    assert.deepEqual(conn.broker.queueNames, ['durable', 'exclusive']);
    await conn.close();
  });

  it('closes the connection (541) on x-queue-master-locator for a classic queue; 406 for a quorum queue', async () => {
    const { conn, ch } = await open();
    const down = new Promise<Error>((resolve) => conn.watch({ down: resolve }));
    await assert.rejects(ch.assertQueue('located', { durable: true, arguments: { 'x-queue-master-locator': 'client-local' } }), /Channel ended/);
    assert.match((await down).message, new RegExp(`with message "${escape(DENIED_TEXT('queue_master_locator', 'To con'))}"$`));
    await conn.ready(Date.now() + 2_000);
    const q = await conn.openChannel();
    await assert.rejects(
      q.assertQueue('located', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-queue-master-locator': 'client-local' } }),
      (err: Error & { code?: number }) =>
        err.code === 406 &&
        err.message.endsWith(
          `with message "PRECONDITION_FAILED - invalid arg 'x-queue-master-locator' for queue 'located' in vhost '/' of queue type rabbit_quorum_queue"`,
        ),
    );
    assert.ok(conn.isOpen, 'a 406 closes the channel only');
    await conn.close();
  });

  it('closes the channel (406) on x-queue-version 1, and on x-queue-mode for a quorum queue', async () => {
    const { conn, ch } = await open();
    await assert.rejects(ch.assertQueue('v1', { durable: true, arguments: { 'x-queue-version': 1 } }), (err: Error & { code?: number }) => {
      assert.equal(err.code, 406);
      assert.equal(
        err.message,
        `Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - invalid arg 'x-queue-version' for queue 'v1' in vhost '/': "unsupported queue version '1'""`,
      );
      return true;
    });
    const ch2 = await conn.openChannel();
    await ch2.assertQueue('v2', { durable: true, arguments: { 'x-queue-version': 2 } });
    await ch2.assertQueue('lazy', { durable: true, arguments: { 'x-queue-mode': 'lazy' } }); // 4.3 ignores it on classic queues
    await assert.rejects(ch2.assertQueue('qlazy', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-queue-mode': 'lazy' } }), /invalid arg 'x-queue-mode' for queue 'qlazy' in vhost '\/' of queue type rabbit_quorum_queue/);
    assert.deepEqual(conn.broker.queueNames, ['lazy', 'v2']);
    await conn.close();
  });

  it('applies a global prefetch per consumer, as 4.3 does with global QoS', async () => {
    const { conn, ch } = await open();
    await ch.assertQueue('q', { durable: true });
    await (ch as unknown as { prefetch(count: number, global: boolean): Promise<unknown> }).prefetch(1, true);
    const a = await collect(ch, 'q', { noAck: false });
    const b = await collect(ch, 'q', { noAck: false });
    for (let i = 0; i < 4; i++) ch.publish('', 'q', Buffer.from(String(i)));
    await until(() => a.got.length + b.got.length === 2, 'one unacked message per consumer');
    assert.deepEqual([a.got.length, b.got.length], [1, 1]);
    await conn.close();
  });

  it("gives the default client's reply queue a shape 4.3 accepts, and a fresh name on every channel", async () => {
    const broker = new MemoryBroker();
    const conn = memory({ broker, logger: silentLogger });
    const server = await serve(conn, EchoService, { echo: (r) => r, repeat: (r) => r });
    const client = new RpcClient(conn, EchoService, { timeoutMs: 2_000 });
    await client.call(EchoService.methods.echo, { text: 'a' });
    const first = broker.queueNames.filter((q) => q.startsWith('warren.reply.'));
    assert.equal(first.length, 1);
    await conn.simulateConnectionLoss({ downMs: 10 });
    await client.call(EchoService.methods.echo, { text: 'b' });
    const second = broker.queueNames.filter((q) => q.startsWith('warren.reply.'));
    assert.equal(second.length, 1);
    assert.notEqual(second[0], first[0], 'an exclusive queue of the lost connection may outlive it on RabbitMQ');
    await client.close();
    await until(() => !broker.queueNames.some((q) => q.startsWith('warren.reply.')), 'auto-delete removes it with its channel');
    await server.close();
    await conn.close();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
