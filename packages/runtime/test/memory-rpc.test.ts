import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcClient } from '../src/client/rpc-client.js';
import { RpcError } from '../src/rpc-error.js';
import { silentLogger } from '../src/logger.js';
import { memory } from '../src/memory/memory.js';
import { MemoryBroker } from '../src/memory/memory-broker.js';
import { serve } from '../src/server/serve.js';
import { EchoService, until } from './memory-fixtures.js';

const echo = EchoService.methods.echo;
const repeat = EchoService.methods.repeat;
const handlers = {
  echo: (req: { text: string }) => ({ text: req.text }),
  repeat: (req: { text: string }) => ({ text: req.text + req.text }),
};

describe('the runtime client and server on memory()', () => {
  it('round-trips through the JSON codec, in both reply modes, and leaves nothing pending', async () => {
    const conn = memory({ logger: silentLogger });
    const server = await serve(conn, EchoService, handlers);
    for (const replyMode of ['direct', 'queue'] as const) {
      const client = new RpcClient(conn, EchoService, { replyMode, timeoutMs: 2_000 });
      assert.deepEqual(await client.call(echo, { text: 'hi' }), { text: 'hi' });
      const many = await Promise.all(Array.from({ length: 50 }, (_, i) => client.call(repeat, { text: String(i) })));
      assert.deepEqual(many.map((r) => r.text), Array.from({ length: 50 }, (_, i) => `${i}${i}`));
      assert.equal(client.stats.pending, 0);
      await client.close();
    }
    await server.close();
    await conn.close();
  });

  it('fails an encodable-but-invalid request on the server with INVALID_ARGUMENT, as on the wire', async () => {
    const conn = memory({ logger: silentLogger });
    const server = await serve(conn, EchoService, handlers);
    const client = new RpcClient(conn, EchoService, { timeoutMs: 2_000 });
    const bad = { ...echo, requestCodec: { ...echo.requestCodec, encode: () => Buffer.from('{"text":1}') } };
    await assert.rejects(client.call(bad, { text: 'x' }), (err) => RpcError.is(err, 'INVALID_ARGUMENT') && /text/.test(err.message));
    await client.close();
    await server.close();
    await conn.close();
  });

  it('recovers from a simulated connection loss: in-flight calls settle, the server consumes again', async () => {
    const broker = new MemoryBroker();
    const conn = memory({ broker, logger: silentLogger });
    let started = 0;
    const server = await serve(conn, EchoService, {
      ...handlers,
      async echo(req, ctx) {
        started++;
        if (req.text === 'hang') await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        return { text: req.text };
      },
    });
    const client = new RpcClient(conn, EchoService, { timeoutMs: 5_000 });
    const hanging = client.call(echo, { text: 'hang' });
    await until(() => started === 1, 'the handler runs');
    // Not idempotent: it fails fast rather than being sent twice.
    const failed = assert.rejects(hanging, (err) => RpcError.is(err, 'UNAVAILABLE'));
    await conn.simulateConnectionLoss({ downMs: 20 });
    await failed;
    assert.deepEqual(await client.call(echo, { text: 'after' }), { text: 'after' });
    assert.deepEqual(await client.call(repeat, { text: 'ab' }), { text: 'abab' });
    assert.equal(client.stats.pending, 0);
    await client.close();
    await server.close({ timeoutMs: 100 });
    await conn.close();
    assert.deepEqual(conn.stats, { listeners: 0, waiters: 0, channels: 0 });
  });
});
