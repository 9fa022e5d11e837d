// batchSocketWrites reaches into amqplib's internals (connection.muxer); an amqplib upgrade
// that moves them turns it off without an error. These tests fail when that happens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as amqp from 'amqplib';
import { batchSocketWrites } from '../src/connection/batch-socket-writes.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const BURST = 200;

/** The socket writes (syscalls, near enough) a burst of publishes in one turn takes. */
async function writesForBurst(model: amqp.ChannelModel): Promise<number> {
  const ch = await model.createChannel();
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: false });
  const socket = (model as unknown as { connection: { stream: Record<'_write' | '_writev', (...args: unknown[]) => unknown> } }).connection
    .stream;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = socket[method]!;
    socket[method] = function counted(this: unknown, ...args: unknown[]) {
      writes++;
      return original.apply(this, args);
    };
  }
  for (let i = 0; i < BURST; i++) ch.publish('', queue, Buffer.from(`m${i}`));
  await ch.checkQueue(queue); // a round trip: the burst went out before it
  const counted = writes;
  await ch.close();
  return counted;
}

describe('batchSocketWrites on the installed amqplib', () => {
  it("patches a real connection's muxer (false would mean amqplib moved its internals)", async () => {
    const model = await amqp.connect(AMQP_URL);
    try {
      assert.equal(batchSocketWrites(model), true, 'amqplib no longer has connection.muxer._readIncoming / muxer.out.cork');
      const muxer = (model as unknown as { connection: { muxer: { _readIncoming: { name: string } } } }).connection.muxer;
      assert.equal(muxer._readIncoming.name, 'batched');
    } finally {
      await model.close();
    }
  });

  it('writes a burst of publishes with a few socket writes instead of one per publish', async () => {
    const plain = await amqp.connect(AMQP_URL);
    const batched = await amqp.connect(AMQP_URL);
    try {
      assert.equal(batchSocketWrites(batched), true);
      const unbatchedWrites = await writesForBurst(plain);
      const batchedWrites = await writesForBurst(batched);
      // Without it amqplib writes each frame by itself; the check proves the counting works.
      assert.ok(unbatchedWrites >= BURST, `without batching: ${unbatchedWrites} writes for ${BURST} publishes`);
      assert.ok(batchedWrites <= 5, `with batching: ${batchedWrites} writes for ${BURST} publishes`);
    } finally {
      await plain.close();
      await batched.close();
    }
  });
});
