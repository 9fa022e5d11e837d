/**
 * A call that waits for the broker (a reconnect, an unblock) until its deadline ends with
 * DEADLINE_EXCEEDED, always (issue 14.7): not UNAVAILABLE or DEADLINE_EXCEEDED by whichever
 * of two timers fires first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError, silentLogger } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { TcpProxy } from '../support/tcp-proxy.js';

async function codesOf(calls: Promise<unknown>[]): Promise<Record<string, number>> {
  const codes: Record<string, number> = {};
  for (const outcome of await Promise.allSettled(calls)) {
    const code = outcome.status === 'fulfilled' ? 'OK' : RpcError.is(outcome.reason) ? outcome.reason.code : String(outcome.reason);
    codes[code] = (codes[code] ?? 0) + 1;
  }
  return codes;
}

describe('the code at the deadline', () => {
  it('is DEADLINE_EXCEEDED for calls made while the broker is unreachable (real broker behind a cut proxy)', async () => {
    const queue = uniqueQueue('dlcode');
    const serverConn = await testConnection();
    const server = await serveCalculator(serverConn, calculatorHandlers, { queue });
    const proxy = await TcpProxy.start(5672);
    const conn = await testConnection({ reconnect: { initialDelayMs: 20, maxDelayMs: 50 } }, `amqp://guest:guest@127.0.0.1:${proxy.port}`);
    const calc = new CalculatorClient(conn, { queue });
    try {
      assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n }, 'works through the proxy');
      proxy.cut();
      while (conn.isOpen) await new Promise((r) => setTimeout(r, 10));
      // Deadlines spread over 30-330 ms, many sharing one: the connection's wait and the
      // call's own timer end at the same moment for each of them.
      const calls = Array.from({ length: 200 }, (_, i) => calc.calculate({ n: BigInt(i) }, { timeoutMs: 30 + (i % 30) * 10 }));
      const codes = await codesOf(calls);
      console.log('codes while unreachable:', JSON.stringify(codes));
      assert.deepEqual(codes, { DEADLINE_EXCEEDED: 200 });
      proxy.resume();
      await conn.ready(Date.now() + 10_000);
      assert.deepEqual(await calc.calculate({ n: 2n }, { timeoutMs: 5_000 }), { result: 4n }, 'and calls succeed once it is back');
    } finally {
      await calc.close();
      await conn.close();
      await proxy.close();
      await server.close({ timeoutMs: 1_000 });
      await serverConn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });

  it('is DEADLINE_EXCEEDED on memory() while the connection is down', async () => {
    const conn = memory({ logger: silentLogger });
    const server = await serveCalculator(conn, calculatorHandlers);
    const calc = new CalculatorClient(conn);
    assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n });
    const loss = conn.simulateConnectionLoss({ downMs: 600 });
    const calls = Array.from({ length: 200 }, (_, i) => calc.calculate({ n: BigInt(i) }, { timeoutMs: 30 + (i % 30) * 10 }));
    assert.deepEqual(await codesOf(calls), { DEADLINE_EXCEEDED: 200 });
    await loss;
    await calc.close();
    await server.close();
    await conn.close();
  });
});
