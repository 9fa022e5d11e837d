import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataPointType, MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { RpcError } from '@warren/runtime';
import { metricsInterceptor } from '@warren/runtime/otel';
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
});
