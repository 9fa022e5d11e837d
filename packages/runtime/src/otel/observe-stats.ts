import { metrics, type BatchObservableCallback, type MeterProvider } from '@opentelemetry/api';
import type { RpcClient } from '../client/rpc-client.js';
import type { Connection } from '../connection/connection.js';
import type { Server } from '../server/server.js';

/** What {@link observeStats} reads: connections, clients and servers by a name of your choosing. */
export interface ObservedStats {
  /** Connections from `connect()` (or `memory()`): their {@link Connection.reconnects}. */
  connections?: Record<string, Pick<Connection, 'reconnects'>>;
  /** Generated clients and {@link RpcClient}s: anything with their `stats`. */
  clients?: Record<string, Pick<RpcClient, 'stats'>>;
  servers?: Record<string, Pick<Server, 'stats'>>;
  /** Default: the global provider. */
  meterProvider?: MeterProvider;
}

/**
 * Publishes the runtime's own counters as OpenTelemetry instruments, read at each collection
 * from the connections' `reconnects` and the clients' and servers' `stats`, each with a
 * `warren.name` attribute (the key you gave it): `warren.connection.reconnects` (counter),
 * `warren.client.calls_in_flight` and `warren.server.calls_in_flight` (gauges);
 * `warren.client.late_replies`, `warren.client.duplicate_replies`,
 * `warren.server.dead_lettered`, `warren.server.expired` and `warren.server.dropped`
 * (counters). Returns the function that stops reading them.
 */
export function observeStats(observed: ObservedStats): () => void {
  const meter = (observed.meterProvider ?? metrics.getMeterProvider()).getMeter('@warren/runtime');
  const connections = Object.entries(observed.connections ?? {});
  const clients = Object.entries(observed.clients ?? {});
  const servers = Object.entries(observed.servers ?? {});
  const instruments = [
    meter.createObservableGauge('warren.client.calls_in_flight', { description: 'Calls waiting for their reply.', unit: '{call}' }),
    meter.createObservableCounter('warren.client.late_replies', { description: 'Replies that came after their call ended.', unit: '{reply}' }),
    meter.createObservableCounter('warren.client.duplicate_replies', { description: 'Second replies to a call already answered.', unit: '{reply}' }),
    meter.createObservableGauge('warren.server.calls_in_flight', { description: 'Requests being handled.', unit: '{call}' }),
    meter.createObservableCounter('warren.server.dead_lettered', { description: 'Requests moved to the dead-letter queue.', unit: '{request}' }),
    meter.createObservableCounter('warren.server.expired', { description: 'Requests skipped because their deadline had passed.', unit: '{request}' }),
    meter.createObservableCounter('warren.server.dropped', { description: 'Requests dropped as unanswerable.', unit: '{request}' }),
    meter.createObservableCounter('warren.connection.reconnects', { description: 'Times the connection came back after it was lost.', unit: '{reconnect}' }),
  ] as const;
  const [clientInFlight, late, duplicate, serverInFlight, deadLettered, expired, dropped, reconnects] = instruments;
  const callback: BatchObservableCallback = (result) => {
    for (const [name, connection] of connections) result.observe(reconnects, connection.reconnects, { 'warren.name': name });
    for (const [name, client] of clients) {
      const s = client.stats;
      result.observe(clientInFlight, s.pending, { 'warren.name': name });
      result.observe(late, s.lateReplies, { 'warren.name': name });
      result.observe(duplicate, s.duplicateReplies, { 'warren.name': name });
    }
    for (const [name, server] of servers) {
      const s = server.stats;
      result.observe(serverInFlight, s.inFlight, { 'warren.name': name });
      result.observe(deadLettered, s.deadLettered, { 'warren.name': name });
      result.observe(expired, s.expired, { 'warren.name': name });
      result.observe(dropped, s.dropped, { 'warren.name': name });
    }
  };
  meter.addBatchObservableCallback(callback, [...instruments]);
  return () => meter.removeBatchObservableCallback(callback, [...instruments]);
}
