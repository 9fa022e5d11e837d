import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import amqp from 'amqplib';
import { RpcClient, RpcError } from '@warren/runtime';
import { CalculateReply } from '../../generated/calculator.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { streamService } from './stream-service.js';

/** A hand-written peer serving the stream from docs/protocol.md 8, sending what `script` says. */
type Step = { kind: string; seq: string; result?: bigint; body?: Buffer; headers?: Record<string, unknown> };

/** A batch message's body (docs/protocol.md 8.2): each item a 4-byte big-endian length and its bytes. */
function frame(...results: bigint[]): Buffer {
  return Buffer.concat(results.flatMap((result) => {
    const item = Buffer.from(CalculateReply.toBinary({ result }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(item.length);
    return [length, item];
  }));
}

async function rawServer(queue: string, script: Step[]) {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertQueue(queue, { durable: true });
  const seen: amqp.ConsumeMessage[] = [];
  await ch.consume(queue, (msg) => {
    if (!msg) return;
    seen.push(msg);
    ch.ack(msg);
    for (const step of script) {
      const body = step.body ?? (step.result === undefined ? Buffer.alloc(0) : Buffer.from(CalculateReply.toBinary({ result: step.result })));
      ch.publish('', msg.properties.replyTo, body, {
        correlationId: msg.properties.correlationId,
        replyTo: 'warren.control.0.000000000000',
        headers: { 'x-warren-stream': step.kind, 'x-warren-seq': step.seq, ...step.headers },
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
        (err) => RpcError.is(err, 'DATA_LOSS') && /expected item 1 next, got a data message with seq 2/.test(err.message),
      );
      assert.deepEqual(items, [7n]);
      const headers = server.seen[0]!.properties.headers!;
      assert.equal(String(headers['x-warren-protocol']), '1.1');
      assert.equal(String(headers['x-warren-stream-credit']), '5');
      assert.equal(String(headers['x-warren-stream-batch']), '1');
    } finally {
      await client.close();
      await conn.close();
      await server.close();
    }
  });

  /** Runs a stream from a raw server playing `script`; `beforeReading` runs before the first item is asked for. */
  async function streamFrom(script: Step[], beforeReading?: () => Promise<void>): Promise<{ items: bigint[]; error?: unknown }> {
    const queue = uniqueQueue('streams-batch');
    queues.push(queue);
    const server = await rawServer(queue, script);
    const conn = await testConnection();
    const client = new RpcClient(conn, streamService(queue));
    const items: bigint[] = [];
    try {
      const stream = client.stream(streamService(queue).methods.count, { n: 1n })[Symbol.asyncIterator]();
      // The request is out already: ask for the first item, then wait before reading on.
      const first = stream.next();
      await beforeReading?.();
      for (let next = await first; !next.done; next = await stream.next()) items.push(next.value.result);
      return { items };
    } catch (error) {
      return { items, error };
    } finally {
      await client.close();
      await conn.close();
      await server.close();
    }
  }

  it('batch messages carry items in order beside data messages; seq numbers items', async () => {
    const { items, error } = await streamFrom([
      { kind: 'data', seq: '0', result: 1n },
      { kind: 'batch', seq: '1', body: frame(2n, 3n, 4n), headers: { 'x-warren-stream-items': '3' } },
      { kind: 'data', seq: '4', result: 5n },
      { kind: 'batch', seq: '5', body: frame(6n, 7n), headers: { 'x-warren-stream-items': 2 } }, // a number, not text: read alike
      { kind: 'end', seq: '7' },
    ]);
    assert.equal(error, undefined);
    assert.deepEqual(items, [1n, 2n, 3n, 4n, 5n, 6n, 7n]);
  });

  it('a malformed batch fails the stream INTERNAL, saying what is wrong, after the items before it', async () => {
    const cases: Array<[string, Step, RegExp]> = [
      ['fewer items than counted', { kind: 'batch', seq: '1', body: frame(2n, 3n), headers: { 'x-warren-stream-items': '3' } }, /batch of 3 items ends after 2/],
      ['a length past the end', { kind: 'batch', seq: '1', body: Buffer.concat([frame(2n), Buffer.from([0xff, 0xff, 0xff, 0xff, 1])]), headers: { 'x-warren-stream-items': '2' } }, /item 1 claims 4294967295 bytes/],
      ['bytes left over', { kind: 'batch', seq: '1', body: Buffer.concat([frame(2n, 3n), Buffer.from([0])]), headers: { 'x-warren-stream-items': '2' } }, /1 bytes left over/],
      ['no count', { kind: 'batch', seq: '1', body: frame(2n) }, /x-warren-stream-items must be a decimal from 1 to 10000, got undefined/],
      ['a count of 0', { kind: 'batch', seq: '1', body: Buffer.alloc(0), headers: { 'x-warren-stream-items': '0' } }, /x-warren-stream-items must be a decimal from 1 to 10000, got 0/],
      ['a count too large', { kind: 'batch', seq: '1', body: frame(2n), headers: { 'x-warren-stream-items': '10001' } }, /got 10001/],
      ['a count in hex', { kind: 'batch', seq: '1', body: frame(2n, 3n), headers: { 'x-warren-stream-items': '0x2' } }, /got 0x2/],
      ['a count with an exponent', { kind: 'batch', seq: '1', body: frame(2n, 3n), headers: { 'x-warren-stream-items': '2e0' } }, /got 2e0/],
      ['a count as a float', { kind: 'batch', seq: '1', body: frame(2n, 3n), headers: { 'x-warren-stream-items': 2.5 } }, /got undefined/],
      ['more items than the credit granted (32)', { kind: 'batch', seq: '1', body: frame(...Array.from({ length: 40 }, () => 0n)), headers: { 'x-warren-stream-items': '40' } }, /items up to 40, past the 32 it was granted/],
      ['an item that does not decode', { kind: 'batch', seq: '1', body: Buffer.from([0, 0, 0, 1, 0xff]), headers: { 'x-warren-stream-items': '1' } }, /stream item 1 does not decode/],
    ];
    for (const [what, batch, message] of cases) {
      const { items, error } = await streamFrom([{ kind: 'data', seq: '0', result: 1n }, batch, { kind: 'end', seq: '9' }]);
      assert.deepEqual(items, [1n], what);
      assert.ok(RpcError.is(error, 'INTERNAL') && message.test(error.message), `${what}: ${String(error)}`);
    }
    // The items of a batch before one that does not decode still arrive, then the error.
    const second = await streamFrom([
      { kind: 'data', seq: '0', result: 1n },
      { kind: 'batch', seq: '1', body: Buffer.concat([frame(2n), Buffer.from([0, 0, 0, 1, 0xff])]), headers: { 'x-warren-stream-items': '2' } },
    ]);
    assert.deepEqual(second.items, [1n, 2n]);
    assert.ok(RpcError.is(second.error, 'INTERNAL') && /stream item 2 does not decode/.test(second.error.message), String(second.error));
    // So do data messages past the credit: a consumer that reads only after all 33 arrived
    // granted nothing more than its initial 32.
    const flood = await streamFrom(
      Array.from({ length: 33 }, (_, i) => ({ kind: 'data', seq: String(i), result: BigInt(i) })),
      () => new Promise((resolve) => setTimeout(resolve, 500)),
    );
    assert.equal(flood.items.length, 32);
    assert.ok(RpcError.is(flood.error, 'INTERNAL') && /items up to 32, past the 32 it was granted/.test(flood.error.message), String(flood.error));
    const gap = await streamFrom([{ kind: 'batch', seq: '1', body: frame(2n, 3n), headers: { 'x-warren-stream-items': '2' } }]);
    assert.ok(RpcError.is(gap.error, 'DATA_LOSS') && /expected item 0 next, got a batch message with seq 1/.test(gap.error.message), String(gap.error));
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
