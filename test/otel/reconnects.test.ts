/**
 * `Connection.reconnects` counts real reconnects (a TCP proxy cuts the connection to the
 * broker, then lets the reconnect through), and `observeStats({ connections })` publishes it
 * as `warren.connection.reconnects`. memory() counts its simulated losses the same way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { silentLogger, type Connection } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { observeStats } from '@warren/runtime/otel';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const BROKER_PORT = Number(new URL(AMQP_URL).port || 5672);

class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

async function until(what: string, check: () => boolean, limitMs = 10_000): Promise<void> {
  for (const end = Date.now() + limitMs; !check(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `warren.connection.reconnects` per `warren.name`, as the SDK collects it now. */
async function reconnectsReported(reader: MetricReader): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out: Record<string, number> = {};
  for (const m of resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)) {
    if (m.descriptor.name !== 'warren.connection.reconnects') continue;
    for (const p of m.dataPoints) out[String(p.attributes['warren.name'])] = p.value as number;
  }
  return out;
}

describe('reconnects, counted and observed', () => {
  it('a connection cut and restored counts one reconnect per return, and observeStats reports it', async () => {
    const proxy = await TcpProxy.start(BROKER_PORT);
    const url = `amqp://guest:guest@127.0.0.1:${proxy.port}`;
    const conn: Connection = await testConnection({ logger: silentLogger, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } }, url);
    const steady = await testConnection({ logger: silentLogger }); // not through the proxy: never cut
    const reader = new TestReader();
    const stop = observeStats({ meterProvider: new MeterProvider({ readers: [reader] }), connections: { cut: conn, steady } });
    const queue = uniqueQueue('reconnects');
    const server = await serveCalculator(steady, calculatorHandlers, { queue });
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000 });
    try {
      assert.equal(conn.reconnects, 0, 'the first connection is no reconnect');
      assert.deepEqual(await reconnectsReported(reader), { cut: 0, steady: 0 });
      for (let round = 1; round <= 2; round++) {
        proxy.cut();
        await until('the connection is down', () => !conn.isOpen);
        await new Promise((r) => setTimeout(r, 100)); // reconnect attempts are refused meanwhile
        assert.equal(conn.reconnects, round - 1, 'refused attempts are not reconnects');
        proxy.resume();
        await until('the connection is back', () => conn.isOpen);
        assert.equal(conn.reconnects, round);
        assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n }, 'the client works over the new connection');
      }
      assert.deepEqual(await reconnectsReported(reader), { cut: 2, steady: 0 });
    } finally {
      stop();
      await calc.close();
      await server.close({ timeoutMs: 500 });
      await conn.close();
      await steady.close();
      await proxy.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });

  it('memory(): each simulated connection loss is a reconnect once it comes back', async () => {
    const conn = memory({ logger: silentLogger });
    assert.equal(conn.reconnects, 0);
    await conn.simulateConnectionLoss({ downMs: 10 });
    await conn.simulateConnectionLoss({ downMs: 10 });
    assert.equal(conn.reconnects, 2);
    await conn.close();
  });
});
