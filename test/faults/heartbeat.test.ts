import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { CalculatorClient } from '../../generated/calculator.js';
import { calculatorFixture } from '../support/calculator-fixture.js';
import { testConnection } from '../support/broker.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// docs/semantics.md: "Heartbeats notice a dead peer." A broker that stops answering without
// closing the socket (here: a proxy that stops forwarding) sends no FIN, so only missed
// heartbeats can tell. The server side of the test talks to the broker directly.
it('heartbeats notice a peer that stops answering: calls in flight fail with UNAVAILABLE, then the client reconnects', { timeout: 60_000 }, async () => {
  const f = await calculatorFixture({
    handlers: {
      async calculate(req) {
        await sleep(300);
        return { result: req.n * 2n };
      },
    },
  });
  const proxy = await TcpProxy.start(5672);
  const conn = await testConnection({ heartbeatSeconds: 1, reconnect: { initialDelayMs: 100, maxDelayMs: 500 } }, `amqp://guest:guest@127.0.0.1:${proxy.port}`);
  const calc = new CalculatorClient(conn, { queue: f.queue, timeoutMs: 20_000 });
  try {
    assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n });
    const inFlight = calc.calculate({ n: 2n }).catch((err: unknown) => err);
    await sleep(50); // published; the handler holds it for 300 ms
    const frozenAt = Date.now();
    proxy.freeze();
    const err = await inFlight;
    const noticedAfter = Date.now() - frozenAt;
    assert.ok(RpcError.is(err, 'UNAVAILABLE'), `expected UNAVAILABLE, got ${String(err)}`);
    // Two missed 1 s heartbeats: well under the call's 20 s deadline and the 60 s a broker proposes.
    assert.ok(noticedAfter < 5_000, `the dead peer was noticed after ${noticedAfter} ms`);
    // Reconnected through the proxy on a new socket: calls work again.
    for (let i = 0; i < 100 && !conn.isOpen; i++) await sleep(50);
    assert.deepEqual(await calc.calculate({ n: 3n }), { result: 6n });
  } finally {
    await calc.close();
    await conn.close();
    await proxy.close();
    await f.close();
  }
});
