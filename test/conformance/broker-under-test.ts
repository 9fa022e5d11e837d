import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { silentLogger, type Connection } from '@warren/runtime';
import { MemoryBroker, memory } from '@warren/runtime/memory';
import { AMQP_URL, deleteQueues, testConnection } from '../support/broker.js';
import { StallingProxy } from './stalling-proxy.js';

/** Which broker a conformance run uses. */
export type BrokerKind = 'rabbitmq' | 'memory';

/** A broker the conformance cases run against: a connection factory and queue clean-up. */
export interface BrokerUnderTest {
  readonly kind: BrokerKind;
  /** The RabbitMQ version (server properties); memory() follows the newest, 4.3. */
  readonly version?: string;
  /** A new connection to the broker; every call gives a distinct connection to the same broker. */
  connect(): Promise<Connection>;
  /** Deletes queues a case declared, so durable queues do not pile up. */
  deleteQueues(queues: readonly string[]): Promise<void>;
  /**
   * A connection that `drop()` cuts as a dead network path does: on RabbitMQ through a
   * {@link StallingProxy}, so the broker keeps the old connection for a while; on memory()
   * a simulated connection loss. `release()` ends what is left of it.
   */
  connectDroppable(): Promise<{ conn: Connection; drop(): Promise<void>; release(): Promise<void> }>;
}

/** The RabbitMQ at AMQP_URL, and its version. */
export async function rabbitmq(): Promise<BrokerUnderTest> {
  const model = await amqp.connect(AMQP_URL);
  const version = String((model.connection.serverProperties as Record<string, unknown>).version ?? '0');
  await model.close();
  return {
    kind: 'rabbitmq',
    version,
    connect: () => testConnection(),
    deleteQueues: (queues) => deleteQueues(...queues),
    async connectDroppable() {
      const target = new URL(AMQP_URL);
      const proxy = await StallingProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
      const via = new URL(AMQP_URL);
      via.hostname = '127.0.0.1';
      via.port = String(proxy.port);
      const conn = await testConnection({}, via.toString());
      return { conn, drop: async () => proxy.drop(), release: () => proxy.close() };
    },
  };
}

/** One in-memory broker shared by every connection of the run, as processes share a RabbitMQ. */
export function inMemory(): BrokerUnderTest {
  const broker = new MemoryBroker();
  const logger = process.env.WARREN_TEST_LOG ? undefined : silentLogger;
  return {
    kind: 'memory',
    connect: async () => memory({ broker, ...(logger ? { logger } : {}) }),
    async connectDroppable() {
      const conn = memory({ broker, ...(logger ? { logger } : {}) });
      return { conn, drop: () => conn.simulateConnectionLoss(), release: async () => undefined };
    },
    deleteQueues: async (queues) => {
      for (const q of queues) broker.deleteQueue(q);
    },
  };
}

/**
 * What a case gets: connections and queue names that are released after the case, whether
 * it passes or fails.
 */
export class CaseContext {
  readonly #broker: BrokerUnderTest;
  readonly #connections: Connection[] = [];
  readonly #queues: string[] = [];
  readonly #cleanups: (() => Promise<unknown>)[] = [];
  readonly #releases: (() => Promise<unknown>)[] = [];

  constructor(broker: BrokerUnderTest) {
    this.#broker = broker;
  }

  get kind(): BrokerKind {
    return this.#broker.kind;
  }

  /** A new connection, closed after the case. */
  async connect(): Promise<Connection> {
    const conn = await this.#broker.connect();
    this.#connections.push(conn);
    return conn;
  }

  /** A queue name of this case alone (and its dead-letter queue), deleted after the case. */
  queue(prefix = 'conformance'): string {
    const name = `warren.${prefix}.${randomBytes(5).toString('hex')}`;
    this.#queues.push(name, `${name}.dead-letter`);
    return name;
  }

  /** A connection `drop()` can cut (see {@link BrokerUnderTest.connectDroppable}), closed after the case. */
  async connectDroppable(): Promise<{ conn: Connection; drop(): Promise<void> }> {
    const droppable = await this.#broker.connectDroppable();
    this.#connections.push(droppable.conn);
    this.#releases.push(droppable.release);
    return droppable;
  }

  /** Runs `fn` after the case, before connections close (last registered, first run). */
  defer(fn: () => Promise<unknown>): void {
    this.#cleanups.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.#cleanups.reverse()) await fn().catch(() => undefined);
    for (const conn of this.#connections) await conn.close().catch(() => undefined);
    for (const release of this.#releases) await release().catch(() => undefined);
    await this.#broker.deleteQueues(this.#queues);
  }
}

/** One behaviour both brokers must show. `skip` names a broker where it cannot hold, and why. */
export interface ConformanceCase {
  readonly name: string;
  readonly skip?: Partial<Record<BrokerKind, string>>;
  /**
   * RabbitMQ shows this behaviour from `rabbitmq` on (memory() always does): on an older
   * broker the case is memory-only, skipped there with `why`.
   */
  readonly since?: { rabbitmq: string; why: string };
  run(t: CaseContext): Promise<void>;
}

/** Why `c` cannot run on `broker`, if it cannot. */
export function skipReason(c: ConformanceCase, broker: BrokerUnderTest): string | undefined {
  const skip = c.skip?.[broker.kind];
  if (skip) return skip;
  if (broker.kind !== 'rabbitmq' || !c.since || compareVersions(broker.version ?? '0', c.since.rabbitmq) >= 0) return undefined;
  return `memory-only on RabbitMQ ${broker.version}: ${c.since.why}`;
}

/** Compares dotted versions numerically ("3.10.8" < "4.3"); a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; throws with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(10);
  }
}
