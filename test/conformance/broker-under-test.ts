import { randomBytes } from 'node:crypto';
import { MemoryBroker, memory, silentLogger, type Connection } from '@warren/runtime';
import { deleteQueues, testConnection } from '../support/broker.js';

/** Which broker a conformance run uses. */
export type BrokerKind = 'rabbitmq' | 'memory';

/** A broker the conformance cases run against: a connection factory and queue clean-up. */
export interface BrokerUnderTest {
  readonly kind: BrokerKind;
  /** A new connection to the broker; every call gives a distinct connection to the same broker. */
  connect(): Promise<Connection>;
  /** Deletes queues a case declared, so durable queues do not pile up. */
  deleteQueues(queues: readonly string[]): Promise<void>;
}

/** The RabbitMQ at AMQP_URL. */
export function rabbitmq(): BrokerUnderTest {
  return {
    kind: 'rabbitmq',
    connect: () => testConnection(),
    deleteQueues: (queues) => deleteQueues(...queues),
  };
}

/** One in-memory broker shared by every connection of the run, as processes share a RabbitMQ. */
export function inMemory(): BrokerUnderTest {
  const broker = new MemoryBroker();
  const logger = process.env.WARREN_TEST_LOG ? undefined : silentLogger;
  return {
    kind: 'memory',
    connect: async () => memory({ broker, ...(logger ? { logger } : {}) }),
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

  /** Runs `fn` after the case, before connections close (last registered, first run). */
  defer(fn: () => Promise<unknown>): void {
    this.#cleanups.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.#cleanups.reverse()) await fn().catch(() => undefined);
    for (const conn of this.#connections) await conn.close().catch(() => undefined);
    await this.#broker.deleteQueues(this.#queues);
  }
}

/** One behaviour both brokers must show. `skip` names a broker where it cannot hold, and why. */
export interface ConformanceCase {
  readonly name: string;
  readonly skip?: Partial<Record<BrokerKind, string>>;
  run(t: CaseContext): Promise<void>;
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
