import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import amqp from 'amqplib';
import { RpcClient, RpcError } from '@warren/runtime';
import { CalculateReply } from '../../generated/calculator.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { streamService } from './stream-service.js';

/** A hand-written peer serving the stream from docs/protocol.md 8, sending what `script` says. */
async function rawServer(queue: string, script: Array<{ kind: string; seq: string; result?: bigint }>) {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertQueue(queue, { durable: true });
  const seen: amqp.ConsumeMessage[] = [];
  await ch.consume(queue, (msg) => {
    if (!msg) return;
    seen.push(msg);
    ch.ack(msg);
    for (const step of script) {
      const body = step.result === undefined ? Buffer.alloc(0) : Buffer.from(CalculateReply.toBinary({ result: step.result }));
      ch.publish('', msg.properties.replyTo, body, {
        correlationId: msg.properties.correlationId,
        replyTo: 'warren.control.0.000000000000',
        headers: { 'x-warren-stream': step.kind, 'x-warren-seq': step.seq },
      });
    }
  });
  return { seen, close: () => conn.close() };
}

describe('server streaming on the wire (broker)', () => {
  const queues: string[] = [];
  after(() => deleteQueues(...queues));

  it('a seq gap fails the stream DATA_LOSS after the items before it; the request carries 1.1 and the credit', async () => {
    const queue = uniqueQueue('streams-gap');
    queues.push(queue);
    const server = await rawServer(queue, [
      { kind: 'data', seq: '0', result: 7n },
      { kind: 'data', seq: '2', result: 8n },
      { kind: 'end', seq: '3' },
    ]);
    const conn = await testConnection();
    const client = new RpcClient(conn, streamService(queue));
    try {
      const items: bigint[] = [];
      await assert.rejects(
        (async () => {
          for await (const item of client.stream(streamService(queue).methods.count, { n: 1n }, { credit: 5 })) items.push(item.result);
        })(),
        (err) => RpcError.is(err, 'DATA_LOSS') && /expected data message 1, got 2/.test(err.message),
      );
      assert.deepEqual(items, [7n]);
      const headers = server.seen[0]!.properties.headers!;
      assert.equal(String(headers['x-warren-protocol']), '1.1');
      assert.equal(String(headers['x-warren-stream-credit']), '5');
    } finally {
      await client.close();
      await conn.close();
      await server.close();
    }
  });

  it('an end whose seq is not the number of items received is DATA_LOSS, not a complete stream', async () => {
    const queue = uniqueQueue('streams-short');
    queues.push(queue);
    const server = await rawServer(queue, [
      { kind: 'data', seq: '0', result: 1n },
      { kind: 'end', seq: '2' },
    ]);
    const conn = await testConnection();
    const client = new RpcClient(conn, streamService(queue));
    try {
      await assert.rejects(
        (async () => {
          for await (const _ of client.stream(streamService(queue).methods.count, { n: 1n })) void _;
        })(),
        (err) => RpcError.is(err, 'DATA_LOSS'),
      );
    } finally {
      await client.close();
      await conn.close();
      await server.close();
    }
  });
});
