import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RpcClient, RpcError, serve, type Connection, type Server } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';
import { newProbe, streamHandlers, streamService, type StreamProbe } from './stream-service.js';

/** Collects a stream; a failure comes back as { items, error }. */
async function drain(stream: AsyncIterable<{ result: bigint }>): Promise<{ items: bigint[]; error?: RpcError }> {
  const items: bigint[] = [];
  try {
    for await (const item of stream) items.push(item.result);
  } catch (err) {
    assert.ok(err instanceof RpcError, `expected an RpcError, got ${String(err)}`);
    return { items, error: err };
  }
  return { items };
}

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

for (const transport of ['broker', 'memory'] as const) {
  describe(`server streaming (${transport})`, () => {
    const queue = uniqueQueue('streams');
    const service = streamService(queue);
    let serverConn: Connection;
    let clientConn: Connection;
    let server: Server;
    let client: RpcClient;
    let probe: StreamProbe;
    const handlers = streamHandlers({
      get produced() { return probe.produced; },
      set produced(v) { probe.produced = v; },
      get aborted() { return probe.aborted; },
      set aborted(v) { probe.aborted = v; },
      get finallyRan() { return probe.finallyRan; },
      set finallyRan(v) { probe.finallyRan = v; },
    });

    before(async () => {
      probe = newProbe();
      if (transport === 'broker') {
        serverConn = await testConnection();
        clientConn = await testConnection();
      } else {
        serverConn = memory({ logger: undefined });
        clientConn = serverConn;
      }
      server = await serve(serverConn, service, handlers);
      client = new RpcClient(clientConn, service, { timeoutMs: 20_000 });
    });

    after(async () => {
      await client.close();
      await server.close({ timeoutMs: 1_000 });
      if (transport === 'broker') {
        await deleteQueues(queue, `${queue}.dead-letter`);
        await clientConn.close();
        await serverConn.close();
      } else {
        await serverConn.close();
      }
    });

    it('preserves order over 10,000 items and ends once', async () => {
      const late = client.stats.lateReplies;
      const { items, error } = await drain(client.stream(service.methods.count, { n: 10_000n }));
      assert.equal(error, undefined);
      assert.equal(items.length, 10_000);
      for (let i = 0; i < items.length; i++) if (items[i] !== BigInt(i)) assert.fail(`item ${i} is ${items[i]}`);
      assert.equal(client.stats.streams, 0);
      await sleep(200);
      assert.equal(client.stats.lateReplies, late, 'the server sent something after the end');
    });

    it('works with direct reply-to too', async () => {
      const direct = new RpcClient(clientConn, service, { replyMode: 'direct' });
      try {
        const { items, error } = await drain(direct.stream(service.methods.count, { n: 500n }));
        assert.equal(error, undefined);
        assert.deepEqual(items, Array.from({ length: 500 }, (_, i) => BigInt(i)));
      } finally {
        await direct.close();
      }
    });

    it('an empty stream ends with no items', async () => {
      assert.deepEqual(await drain(client.stream(service.methods.count, { n: 0n })), { items: [] });
    });

    it('an error mid-stream arrives as RpcError after the items before it', async () => {
      const { items, error } = await drain(client.stream(service.methods.failAfter, { n: 100n }));
      assert.equal(items.length, 100);
      assert.equal(error?.code, 'ABORTED');
      assert.match(error!.message, /failed after 100 items/);
    });

    it('break cancels: the handler signal aborts, its finally runs, it stops within one credit window', async () => {
      probe = newProbe();
      let seen = 0;
      for await (const _ of client.stream(service.methods.endless, { n: 0n }, { credit: 16 })) if (++seen === 50) break;
      await until('the handler to stop', () => probe.finallyRan);
      assert.ok(RpcError.is(probe.aborted, 'CANCELLED'), `signal reason ${String(probe.aborted)}`);
      // Consumed 50 with a window of 16 granted at each half; a consumer that waited doubles it at
      // each grant (8.3): 16 -> 32 at 8 consumed -> 64 at 24; the next grant would be at 56. So at
      // most 50 + one window (64 at most) produced.
      assert.ok(probe.produced <= 50 + 64 + 1, `produced ${probe.produced}`);
      const produced = probe.produced;
      await sleep(100);
      assert.equal(probe.produced, produced, 'the handler went on after cancel');
      assert.equal(client.stats.streams, 0);
    });

    it('a slow consumer bounds what the server produces by the window', async () => {
      probe = newProbe();
      const it = client.stream(service.methods.endless, { n: 0n }, { credit: 10 })[Symbol.asyncIterator]();
      await it.next();
      await sleep(300); // the consumer is idle: the server may run ahead by the window only
      assert.ok(probe.produced <= 10 + 1, `produced ${probe.produced} with a window of 10`);
      await it.return!();
      await until('the handler to stop', () => probe.finallyRan);
    });

    it('a consumer slower than the idle timeout is not taken for a silent server', async () => {
      probe = newProbe();
      const it = client.stream(service.methods.endless, { n: 0n }, { credit: 2, idleTimeoutMs: 300 })[Symbol.asyncIterator]();
      await it.next();
      await sleep(1_000); // holding the window: the server has nothing to send
      for (let i = 0; i < 10; i++) assert.equal((await it.next()).done, false);
      await it.return!();
    });

    it('an item yielded before the handler waits on something reaches the caller at once (batching never holds it back)', async () => {
      probe = newProbe();
      const it = client.stream(service.methods.stall, { n: 0n })[Symbol.asyncIterator]();
      const first = await Promise.race([it.next(), sleep(3_000).then(() => 'held back')]);
      // The handler waits for its signal after that yield: nothing else would flush the item.
      assert.deepEqual(first, { done: false, value: { result: 1n } });
      await it.return!();
    });

    it('the signal aborting fails the iteration CANCELLED and aborts the handler', async () => {
      probe = newProbe();
      const ac = new AbortController();
      const it = client.stream(service.methods.stall, { n: 0n }, { signal: ac.signal })[Symbol.asyncIterator]();
      await it.next();
      ac.abort();
      await assert.rejects(it.next(), (err) => RpcError.is(err, 'CANCELLED'));
      await until('the handler signal', () => probe.aborted !== undefined);
      assert.ok(RpcError.is(probe.aborted, 'CANCELLED'));
    });

    it('the deadline ends the stream DEADLINE_EXCEEDED and aborts the handler', async () => {
      probe = newProbe();
      const { items, error } = await drain(client.stream(service.methods.stall, { n: 0n }, { timeoutMs: 300 }));
      assert.deepEqual(items, [1n]);
      assert.equal(error?.code, 'DEADLINE_EXCEEDED');
      await until('the handler signal', () => probe.aborted !== undefined);
    });

    it('10,000 streams opened and cancelled leave nothing behind', async () => {
      await drain(client.stream(service.methods.count, { n: 1n })); // the client's channel and the server's control queue open once
      const before = server.stats.handled;
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const timersBefore = timers();
      const memoryStats = () => (transport === 'memory' ? (clientConn as unknown as { stats: object }).stats : undefined);
      const memoryBefore = memoryStats();
      for (let round = 0; round < 10; round++) {
        await Promise.all(
          Array.from({ length: 1_000 }, async () => {
            for await (const _ of client.stream(service.methods.count, { n: 1_000n }, { credit: 4 })) break;
          }),
        );
      }
      await until('the server streams to finish', () => server.stats.streams === 0, 20_000);
      assert.equal(server.stats.handled - before, 10_000);
      await until('the client streams to go', () => client.stats.streams === 0);
      assert.equal(client.stats.pending, 0);
      assert.ok(timers() <= timersBefore + 2, `timers ${timersBefore} before, ${timers()} after`);
      assert.deepEqual(memoryStats(), memoryBefore, 'the memory connection has listeners, waiters or channels left');
      if (transport === 'broker') {
        const count = await withAmqp((ch) => ch.checkQueue(queue));
        assert.equal(count.messageCount, 0);
      }
    });

    it('a request without the credit header (a v1 caller) gets FAILED_PRECONDITION', async () => {
      const unary = { ...service.methods.count, kind: undefined };
      await assert.rejects(client.call(unary, { n: 3n }), (err) => RpcError.is(err, 'FAILED_PRECONDITION') && /x-warren-stream-credit/.test(err.message));
    });

    it('stream() on a unary method fails INVALID_ARGUMENT, naming it', async () => {
      const unary = { ...service.methods.count, kind: 'unary' as const };
      const { error } = await drain(client.stream(unary, { n: 3n }));
      assert.equal(error?.code, 'INVALID_ARGUMENT');
      assert.match(error!.message, /not a server-streaming method/);
    });
  });
}
