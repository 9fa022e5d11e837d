import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RpcClient, RpcError } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { serve } from '@warren/runtime';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { startChild } from '../support/child-worker.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { newProbe, streamHandlers, streamService } from './stream-service.js';

const worker = new URL('./stream-worker.ts', import.meta.url).pathname;

describe('server streaming faults', () => {
  const queues: string[] = [];
  after(() => deleteQueues(...queues.flatMap((q) => [q, `${q}.dead-letter`])));

  it('a server process killed mid-stream ends the stream UNAVAILABLE, not a silent end (broker)', async () => {
    const queue = uniqueQueue('streams-crash');
    queues.push(queue);
    const service = streamService(queue);
    const child = await startChild(worker, [AMQP_URL, queue]);
    const conn = await testConnection();
    const client = new RpcClient(conn, service, { timeoutMs: 30_000 });
    try {
      let seen = 0;
      const started = Date.now();
      const error = await (async () => {
        try {
          for await (const _ of client.stream(service.methods.endless, { n: 0n }, { credit: 8, idleTimeoutMs: 3_000 })) {
            if (++seen === 20) child.kill('SIGKILL');
          }
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      assert.ok(RpcError.is(error, 'UNAVAILABLE'), `expected UNAVAILABLE, got ${String(error)}`);
      assert.ok(seen >= 20, `saw ${seen}`);
      assert.ok(Date.now() - started < 10_000, 'took longer than the idle timeout should allow');
      assert.equal(client.stats.streams, 0);
    } finally {
      child.kill('SIGKILL');
      await child.exited;
      await client.close();
      await conn.close();
    }
  });

  it('a connection loss on the client ends the stream UNAVAILABLE (broker, through a proxy)', async () => {
    const queue = uniqueQueue('streams-loss');
    queues.push(queue);
    const service = streamService(queue);
    const serverConn = await testConnection();
    const server = await serve(serverConn, service, streamHandlers(newProbe()));
    const proxy = await TcpProxy.start(5672);
    const conn = await testConnection({}, `amqp://guest:guest@127.0.0.1:${proxy.port}`);
    const client = new RpcClient(conn, service, { timeoutMs: 30_000 });
    try {
      const it = client.stream(service.methods.stall, { n: 0n })[Symbol.asyncIterator]();
      assert.deepEqual(await it.next(), { done: false, value: { result: 1n } });
      proxy.cut();
      await assert.rejects(it.next(), (err) => RpcError.is(err, 'UNAVAILABLE'));
      assert.equal(client.stats.streams, 0);
    } finally {
      await client.close();
      await conn.close().catch(() => undefined);
      await proxy.close();
      await server.close({ timeoutMs: 500 });
      await serverConn.close();
    }
  });

  it('a connection loss ends the stream UNAVAILABLE (memory)', async () => {
    const conn = memory();
    const service = streamService('streams.loss');
    const server = await serve(conn, service, streamHandlers(newProbe()));
    const client = new RpcClient(conn, service);
    const it = client.stream(service.methods.stall, { n: 0n })[Symbol.asyncIterator]();
    await it.next();
    await conn.simulateConnectionLoss();
    await assert.rejects(it.next(), (err) => RpcError.is(err, 'UNAVAILABLE'));
    assert.equal(client.stats.streams, 0);
    await client.close();
    await server.close({ timeoutMs: 500 });
    await conn.close();
  });

  it('the server closing ends its streams UNAVAILABLE (memory)', async () => {
    const conn = memory();
    const service = streamService('streams.close');
    const probe = newProbe();
    const server = await serve(conn, service, streamHandlers(probe));
    const client = new RpcClient(conn, service);
    const it = client.stream(service.methods.stall, { n: 0n })[Symbol.asyncIterator]();
    await it.next();
    await server.close({ timeoutMs: 100 });
    await assert.rejects(it.next(), (err) => RpcError.is(err, 'UNAVAILABLE'));
    assert.ok(RpcError.is(probe.aborted, 'UNAVAILABLE'));
    assert.equal(server.stats.streams, 0);
    await client.close();
    await conn.close();
  });

  for (const transport of ['broker', 'memory'] as const) {
    it(`a server closing while a handler waits after yielding at once: every item, then UNAVAILABLE (${transport})`, async () => {
      const conn = transport === 'broker' ? await testConnection() : memory();
      const queue = uniqueQueue('streams-close-batch');
      queues.push(queue);
      const service = streamService(queue);
      let server: Awaited<ReturnType<typeof serve>> | undefined;
      let closing: Promise<void> | undefined;
      server = await serve(conn, service, {
        ...streamHandlers(newProbe()),
        // Five items at once (one batch), then the close; the handler never ends by itself.
        async *stall() {
          for (let i = 1n; i <= 5n; i++) yield { result: i };
          closing = server!.close({ timeoutMs: 1_000 });
          await new Promise(() => undefined);
        },
      });
      const client = new RpcClient(conn, service);
      const items: bigint[] = [];
      try {
        await assert.rejects(
          (async () => {
            for await (const item of client.stream(service.methods.stall, { n: 0n })) items.push(item.result);
          })(),
          (err) => RpcError.is(err, 'UNAVAILABLE'),
        );
        assert.deepEqual(items, [1n, 2n, 3n, 4n, 5n]);
        await closing;
      } finally {
        await client.close();
        await conn.close();
      }
    });
  }
});
