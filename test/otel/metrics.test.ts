import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataPointType, MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { RpcError } from '@warren/runtime';
import { metricsInterceptor, observeStats } from '@warren/runtime/otel';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';

/** A reader the test collects from when it wants. */
class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

describe('metrics over RabbitMQ (@warren/runtime/otel)', () => {
  it('a duration histogram per side, per method and status code, in seconds', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const conn = await testConnection({ interceptors: [metricsInterceptor({ meterProvider })] });
    const queue = uniqueQueue('otel-metrics');
    const server = await serveCalculator(conn, calculatorHandlers, { queue });
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
    try {
      await calc.calculate({ n: 1n });
      await calc.calculate({ n: 2n });
      await assert.rejects(calc.evaluate({ operation: 4, operands: [{ value: 1, label: '' }, { value: 0, label: '' }] }), (e: unknown) => RpcError.is(e, 'OUT_OF_RANGE'));
    } finally {
      await calc.close();
      await server.close({ timeoutMs: 500 });
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics) as HistogramMetricData[];
    for (const side of ['client', 'server']) {
      const metric = all.find((m) => m.descriptor.name === `rpc.${side}.call.duration`);
      assert.ok(metric, `rpc.${side}.call.duration recorded; got ${all.map((m) => m.descriptor.name).join(', ')}`);
      assert.equal(metric.descriptor.unit, 's');
      assert.equal(metric.dataPointType, DataPointType.HISTOGRAM);
      const points: Record<string, unknown>[] = metric.dataPoints.map((p) => ({ ...p.attributes, count: p.value.count }));
      points.sort((a, b) => String(a['rpc.method']).localeCompare(String(b['rpc.method'])));
      assert.deepEqual(points, [
        { 'rpc.system.name': 'warren', 'rpc.method': 'calculator.v1.Calculator/Calculate', 'rpc.response.status_code': 'OK', count: 2 },
        { 'rpc.system.name': 'warren', 'rpc.method': 'calculator.v1.Calculator/Evaluate', 'rpc.response.status_code': 'OUT_OF_RANGE', 'error.type': 'OUT_OF_RANGE', count: 1 },
      ]);
      for (const p of metric.dataPoints) assert.ok(p.value.sum! > 0 && p.value.sum! < 5, `seconds, not ms: ${p.value.sum}`);
      assert.deepEqual(metric.dataPoints[0]!.value.buckets.boundaries.slice(0, 3), [0.005, 0.01, 0.025], 'the conventions\' buckets');
    }
  });

  it('the runtime\'s own counters, read from stats at each collection: calls in flight and the counters beside them', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const conn = await testConnection();
    const queue = uniqueQueue('otel-stats');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await serveCalculator(conn, { ...calculatorHandlers, calculate: async (r) => (await held, { result: r.n }) }, { queue });
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 300 });
    let reads = 0;
    const counted = { get stats() { reads++; return calc.stats; } };
    const stop = observeStats({ meterProvider, clients: { calc: counted }, servers: { calculator: server } });
    /** The value each instrument reports for `name`, by instrument name. */
    const values = async () => {
      const { resourceMetrics } = await reader.collect();
      const out: Record<string, number> = {};
      for (const m of resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)) {
        for (const p of m.dataPoints) out[`${m.descriptor.name} ${String(p.attributes['warren.name'])}`] = p.value as number;
      }
      return out;
    };
    try {
      const calls = [calc.calculate({ n: 1n }), calc.calculate({ n: 2n })];
      await new Promise((r) => setTimeout(r, 100));
      let v = await values();
      assert.equal(v['warren.client.calls_in_flight calc'], 2);
      assert.equal(v['warren.server.calls_in_flight calculator'], 2);
      assert.equal(v['warren.client.late_replies calc'], 0);
      await Promise.allSettled(calls); // both time out at 300 ms while held
      release();
      await new Promise((r) => setTimeout(r, 200));
      v = await values();
      assert.equal(v['warren.client.calls_in_flight calc'], 0);
      assert.equal(v['warren.server.calls_in_flight calculator'], 0);
      // The server sends no reply its caller stopped waiting for: nothing late, nothing dead-lettered.
      for (const name of ['warren.client.late_replies calc', 'warren.client.duplicate_replies calc', 'warren.server.dead_lettered calculator', 'warren.server.dropped calculator']) {
        assert.equal(v[name], 0, name);
      }
      const before = reads;
      stop();
      await values();
      assert.equal(reads, before, 'stop() stops reading');
    } finally {
      stop();
      await calc.close();
      await server.close({ timeoutMs: 500 });
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });
});
