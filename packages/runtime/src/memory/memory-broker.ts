import { randomBytes } from 'node:crypto';
import { DIRECT_REPLY_QUEUE } from '../protocol.js';
import type { QueueOptions } from '../connection/broker-channel.js';
import { ChannelFailure } from './channel-failure.js';
import { checkNewQueue } from './deprecated-features.js';
import { MemoryQueue, type DeadLetterReason, type QueueSettings } from './memory-queue.js';
import type { StoredMessage } from './stored-message.js';

/** @internal What the broker needs from a connection to simulate a restart. */
export interface BrokerPeer {
  /** The broker went away: close every channel, report the connection down. */
  drop(reason: string): void;
  /** The broker is back: report the connection up. */
  restore(): void;
}

/** Arguments RabbitMQ compares when a queue is declared again (others are ignored). */
const COMPARED_ARGUMENTS = [
  'x-expires',
  'x-message-ttl',
  'x-dead-letter-exchange',
  'x-dead-letter-routing-key',
  'x-max-length',
  'x-max-length-bytes',
  'x-max-priority',
  'x-overflow',
  'x-queue-mode',
  'x-queue-type',
  'x-single-active-consumer',
];

/**
 * An in-memory stand-in for one RabbitMQ vhost: the default exchange, queues, and direct
 * reply-to. Connections from `memory({ broker })` that share one broker see the same queues,
 * as processes sharing a RabbitMQ do.
 */
export class MemoryBroker {
  readonly #queues = new Map<string, MemoryQueue>();
  readonly #replyTargets = new Map<string, (message: StoredMessage) => void>();
  readonly #peers = new Set<BrokerPeer>();

  /** Names of the queues that exist now, for tests. */
  get queueNames(): string[] {
    return [...this.#queues.keys()].sort();
  }

  /** Messages waiting in a queue (not delivered yet), or undefined when there is no such queue. */
  messageCount(queue: string): number | undefined {
    return this.#queues.get(queue)?.messageCount;
  }

  /** Deletes a queue (its messages are dropped, its consumers cancelled); false when there is none. */
  deleteQueue(queue: string): boolean {
    const q = this.#queues.get(queue);
    q?.delete();
    return q !== undefined;
  }

  /**
   * Simulates a broker restart: every connection drops, non-durable queues are gone, durable
   * ones keep only persistent messages (`deliveryMode: 2`); after `downMs` the connections
   * come back up. Resolves once they are up.
   */
  async restart(options: { downMs?: number } = {}): Promise<void> {
    const peers = [...this.#peers];
    for (const peer of peers) peer.drop('broker restarted (simulated)');
    for (const queue of [...this.#queues.values()]) {
      if (!queue.settings.durable) queue.delete();
    }
    for (const queue of this.#queues.values()) queue.keepPersistent();
    await new Promise((resolve) => setTimeout(resolve, options.downMs ?? 50));
    for (const peer of peers) if (this.#peers.has(peer)) peer.restore();
  }

  /** @internal */
  attach(peer: BrokerPeer): void {
    this.#peers.add(peer);
  }

  /** @internal */
  detach(peer: BrokerPeer): void {
    this.#peers.delete(peer);
  }

  /**
   * @internal queue.declare, with RabbitMQ 4.3's checks. Throws a ChannelFailure, or a
   * ConnectionFailure for what 4.3 answers by closing the connection.
   */
  declare(owner: object, name: string, options: QueueOptions): { queue: string; messageCount: number; consumerCount: number } {
    const exclusive = options.exclusive ?? false;
    const settings: QueueSettings = {
      // amqplib's default is durable; 4.x makes an exclusive queue transient whatever it asks.
      durable: (options.durable ?? true) && !exclusive,
      exclusive,
      autoDelete: options.autoDelete ?? false,
      arguments: { ...options.arguments },
    };
    if (name === '') name = `amq.gen-${randomBytes(16).toString('base64url')}`;
    else if (name.startsWith('amq.')) {
      throw new ChannelFailure(403, `queue name '${name}' contains reserved prefix 'amq.*'`);
    }
    const existing = this.#queues.get(name);
    if (existing) {
      if (existing.owner !== undefined && existing.owner !== owner) throw locked(name);
      if (existing.settings.exclusive !== settings.exclusive) throw locked(name);
      checkEquivalent(name, existing.settings, settings);
      existing.touch();
      return { queue: name, messageCount: existing.messageCount, consumerCount: existing.consumerCount };
    }
    checkNewQueue(name, settings);
    const queue = new MemoryQueue(name, settings, settings.exclusive ? owner : undefined, {
      removed: (q) => {
        if (this.#queues.get(q.name) === q) this.#queues.delete(q.name);
      },
      deadLetter: (q, message, reason) => this.#deadLetter(q, message, reason),
    });
    this.#queues.set(name, queue);
    return { queue: name, messageCount: 0, consumerCount: 0 };
  }

  /** @internal queue.declare with `passive`: the queue's counts; 404 when there is none, 405 for another connection's exclusive queue. */
  check(owner: object, name: string): { queue: string; messageCount: number; consumerCount: number } {
    const queue = this.#queues.get(name);
    if (!queue) throw new ChannelFailure(404, `no queue '${name}' in vhost '/'`);
    if (queue.owner !== undefined && queue.owner !== owner) throw locked(name);
    return { queue: name, messageCount: queue.messageCount, consumerCount: queue.consumerCount };
  }

  /** @internal The queue a consumer may use, with RabbitMQ's checks. Throws a ChannelFailure. */
  consumable(owner: object, name: string, exclusive: boolean): MemoryQueue {
    const queue = this.#queues.get(name);
    if (!queue) throw new ChannelFailure(404, `no queue '${name}' in vhost '/'`);
    if (queue.owner !== undefined && queue.owner !== owner) throw locked(name);
    if (queue.hasExclusiveConsumer || (exclusive && queue.consumerCount > 0)) {
      throw new ChannelFailure(403, `queue '${name}' in vhost '/' in exclusive use`);
    }
    return queue;
  }

  /** @internal Routes by queue name (the default exchange). False when nothing took it. */
  route(message: StoredMessage): boolean {
    const key = message.routingKey;
    if (key.startsWith(`${DIRECT_REPLY_QUEUE}.`)) {
      const target = this.#replyTargets.get(key);
      target?.(message);
      return target !== undefined;
    }
    const queue = this.#queues.get(key);
    queue?.enqueue(message);
    return queue !== undefined;
  }

  /** @internal A direct reply-to consumer: returns the name replies to it are routed by. */
  registerReplyTarget(deliver: (message: StoredMessage) => void): string {
    const name = `${DIRECT_REPLY_QUEUE}.${randomBytes(18).toString('base64url')}`;
    this.#replyTargets.set(name, deliver);
    return name;
  }

  /** @internal */
  unregisterReplyTarget(name: string): void {
    this.#replyTargets.delete(name);
  }

  /**
   * Dead-letters through the default exchange (the only one here) when the queue names it
   * with `x-dead-letter-exchange: ""`, with the x-death headers RabbitMQ adds; otherwise drops.
   */
  #deadLetter(queue: MemoryQueue, message: StoredMessage, reason: DeadLetterReason): void {
    const args = queue.settings.arguments;
    if (args['x-dead-letter-exchange'] !== '') return;
    const target = args['x-dead-letter-routing-key'];
    const routingKey = typeof target === 'string' ? target : message.routingKey;
    const headers = { ...message.properties.headers };
    const death = {
      count: 1,
      reason,
      queue: queue.name,
      time: { '!': 'timestamp', value: Math.floor(Date.now() / 1000) },
      exchange: message.exchange,
      'routing-keys': [message.routingKey],
      ...(message.properties.expiration !== undefined ? { 'original-expiration': message.properties.expiration } : {}),
    };
    headers['x-death'] = [death, ...(Array.isArray(headers['x-death']) ? headers['x-death'] : [])];
    headers['x-first-death-exchange'] ??= message.exchange;
    headers['x-first-death-queue'] ??= queue.name;
    headers['x-first-death-reason'] ??= reason;
    const { expiration: _dropped, ...properties } = message.properties;
    this.route({ ...message, routingKey, properties: { ...properties, headers }, redelivered: false, expiresAt: undefined });
  }

  /** @internal A connection closed: its exclusive queues go with it. */
  ownerGone(owner: object): void {
    for (const queue of [...this.#queues.values()]) if (queue.owner === owner) queue.delete();
  }
}

function locked(name: string): ChannelFailure {
  return new ChannelFailure(
    405,
    `cannot obtain exclusive access to locked queue '${name}' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
  );
}

function checkEquivalent(name: string, current: QueueSettings, received: QueueSettings): void {
  const differs = (arg: string, got: unknown, now: unknown) =>
    new ChannelFailure(
      406,
      `inequivalent arg '${arg}' for queue '${name}' in vhost '/': received ${show(got)} but current is ${show(now)}`,
    );
  if (current.durable !== received.durable) throw differs('durable', received.durable, current.durable);
  if (current.autoDelete !== received.autoDelete) throw differs('auto_delete', received.autoDelete, current.autoDelete);
  for (const arg of COMPARED_ARGUMENTS) {
    let got = received.arguments[arg];
    let now = current.arguments[arg];
    if (arg === 'x-queue-type') {
      got ??= 'classic';
      now ??= 'classic';
    }
    if (JSON.stringify(got) !== JSON.stringify(now)) throw differs(arg, got, now);
  }
}

function show(value: unknown): string {
  return value === undefined ? 'none' : `'${String(value)}'`;
}
