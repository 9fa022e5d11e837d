import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { DIRECT_REPLY_QUEUE } from '../protocol.js';
import type { Logger } from '../logger.js';
import type { BrokerChannel, Delivery, PublishOptions, QueueOptions } from '../connection/broker-channel.js';
import { channelClosedError, ChannelFailure } from './channel-failure.js';
import { channelEndedError, ConnectionFailure } from './connection-failure.js';
import type { MemoryBroker } from './memory-broker.js';
import type { MemoryQueue, QueueConsumer } from './memory-queue.js';
import { copyProperties, expiresAt, toDelivery, type StoredMessage } from './stored-message.js';
import { errorMessage } from '../error-message.js';

type OnMessage = (msg: Delivery | null) => void;

interface Consumer extends QueueConsumer {
  readonly queue: MemoryQueue | undefined;
  unacked: number;
}

interface Unacked {
  readonly consumer: Consumer;
  readonly queue: MemoryQueue;
  readonly message: StoredMessage;
}

/**
 * @internal A channel on the in-memory broker, behaving as an amqplib channel on RabbitMQ
 * does where warren relies on it: async deliveries, per-consumer prefetch, acks by delivery
 * tag, redelivery of unacked messages on close, `return` for unroutable `mandatory`
 * publishes, direct reply-to, and channel errors that close the channel ('error', 'close').
 */
export class MemoryChannel extends EventEmitter implements BrokerChannel {
  readonly #broker: MemoryBroker;
  readonly #owner: object;
  readonly #user: string;
  readonly #logger: Logger;
  readonly #onClosed: (channel: MemoryChannel) => void;
  readonly #onConnectionFailure: (failure: ConnectionFailure) => void;
  /** open; failing: the broker closed it, the events are on their way; closed. */
  #state: 'open' | 'failing' | 'closed' = 'open';
  #prefetch = 0;
  #nextTag = 1;
  readonly #consumers = new Map<string, Consumer>();
  readonly #unacked = new Map<number, Unacked>();
  #replyName: string | undefined;

  /** @internal Use `MemoryConnection.openChannel()`. */
  constructor(
    broker: MemoryBroker,
    owner: object,
    user: string,
    logger: Logger,
    onClosed: (channel: MemoryChannel) => void,
    onConnectionFailure: (failure: ConnectionFailure) => void = () => undefined,
  ) {
    super();
    this.#broker = broker;
    this.#owner = owner;
    this.#user = user;
    this.#logger = logger;
    this.#onClosed = onClosed;
    this.#onConnectionFailure = onConnectionFailure;
  }

  async assertQueue(queue: string, options: QueueOptions = {}) {
    await this.#roundTrip();
    return this.#attempt('QueueDeclare', () => this.#broker.declare(this.#owner, queue, options));
  }

  /** A passive declare: the queue's counts, or the channel closes (404 NOT_FOUND) as on RabbitMQ. */
  async checkQueue(queue: string) {
    await this.#roundTrip();
    return this.#attempt('QueueDeclare', () => this.#broker.check(this.#owner, queue));
  }

  /**
   * Like RabbitMQ's `basic.qos` with global=false: applies to consumers started after it.
   * `global` is accepted and ignored, as RabbitMQ 4.3 does (deprecated feature `global_qos`,
   * denied by default: a global qos is applied per consumer, without an error).
   */
  async prefetch(count: number, _global = false): Promise<unknown> {
    await this.#roundTrip();
    this.#prefetch = count;
    return {};
  }

  async consume(queue: string, onMessage: OnMessage, options: { noAck?: boolean; exclusive?: boolean } = {}) {
    await this.#roundTrip();
    const tag = `amq.ctag-${randomBytes(16).toString('base64url')}`;
    const noAck = options.noAck ?? false;
    if (queue === DIRECT_REPLY_QUEUE) {
      this.#attempt('BasicConsume', () => {
        if (!noAck) throw new ChannelFailure(406, 'reply consumer cannot acknowledge');
        if (this.#replyName) throw new ChannelFailure(406, 'reply consumer already set');
      });
      this.#replyName = this.#broker.registerReplyTarget((message) => this.#deliverReply(tag, onMessage, message));
      this.#consumers.set(tag, this.#consumer(tag, undefined, onMessage, true, false));
      return { consumerTag: tag };
    }
    const q = this.#attempt('BasicConsume', () => this.#broker.consumable(this.#owner, queue, options.exclusive ?? false));
    const consumer = this.#consumer(tag, q, onMessage, noAck, options.exclusive ?? false);
    this.#consumers.set(tag, consumer);
    q.addConsumer(consumer);
    return { consumerTag: tag };
  }

  /** Stops deliveries to the consumer; what it got and did not ack stays unacked on the channel. */
  async cancel(consumerTag: string): Promise<unknown> {
    await this.#roundTrip();
    this.#removeConsumer(consumerTag);
    return { consumerTag };
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: PublishOptions = {}, confirmed?: (err: unknown) => void): boolean {
    if (this.#state === 'closed') throw channelClosedError();
    // As RabbitMQ: a confirm once the message is routed (or found unroutable); a channel that
    // closes first (a refused publish closes it) confirms nothing.
    if (confirmed) setImmediate(() => confirmed(this.#state === 'open' ? null : new Error('channel closed')));
    if (!(content instanceof Uint8Array)) throw new TypeError(`publish: expected the content as a Buffer, got ${typeof content}`);
    const properties = copyProperties(options);
    if (this.#state === 'failing') return true; // the broker ignores what follows a channel error
    if (exchange !== '') return this.#failLater(new ChannelFailure(404, `no exchange '${exchange}' in vhost '/'`));
    if (properties.userId !== undefined && properties.userId !== this.#user) {
      // RabbitMQ vouches for user_id: a publish claiming another user closes the channel.
      return this.#failLater(new ChannelFailure(406, `user_id property set to '${properties.userId}' but authenticated user was '${this.#user}'`));
    }
    const now = Date.now();
    const expiry = expiresAt(properties.expiration as string | undefined, now);
    if (expiry instanceof ChannelFailure) return this.#failLater(expiry);
    if (properties.replyTo === DIRECT_REPLY_QUEUE) {
      if (!this.#replyName) return this.#failLater(new ChannelFailure(406, 'fast reply consumer does not exist'));
      properties.replyTo = this.#replyName; // RabbitMQ rewrites it to name this channel
    }
    const message: StoredMessage = {
      content: Buffer.from(content), // a copy: the publisher may reuse its buffer
      properties,
      exchange,
      routingKey,
      redelivered: false,
      expiresAt: expiry,
    };
    if (!this.#broker.route(message) && options.mandatory) {
      setImmediate(() => {
        if (this.#state !== 'open') return;
        this.emit('return', {
          content: message.content,
          fields: { replyCode: 312, replyText: 'NO_ROUTE', exchange, routingKey },
          properties: message.properties,
        });
      });
    }
    return true;
  }

  ack(message: Delivery, allUpTo = false): void {
    this.#settle(message, allUpTo, (entry) => entry.queue.schedule());
  }

  nack(message: Delivery, allUpTo = false, requeue = true): void {
    this.#settle(message, allUpTo, (entry) => {
      if (requeue) entry.queue.requeue([entry.message]);
      else {
        entry.queue.reject(entry.message);
        entry.queue.schedule();
      }
    });
  }

  /** Closes the channel: unacked messages go back to their queues, marked redelivered. */
  async close(): Promise<void> {
    if (this.#state === 'closed') throw channelClosedError();
    await this.#roundTrip();
    this.terminate();
  }

  /** @internal Closes at once (the channel's connection went away); emits 'close'. */
  terminate(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    for (const tag of [...this.#consumers.keys()]) this.#removeConsumer(tag);
    const byQueue = new Map<MemoryQueue, StoredMessage[]>();
    for (const { queue, message } of [...this.#unacked.values()]) byQueue.set(queue, [...(byQueue.get(queue) ?? []), message]);
    this.#unacked.clear();
    for (const [queue, messages] of byQueue) queue.requeue(messages);
    this.#onClosed(this);
    this.emit('close');
  }

  override removeListener(event: string | symbol, listener: (...args: never[]) => void): this {
    return super.removeListener(event, listener as (...args: unknown[]) => void);
  }

  #consumer(tag: string, queue: MemoryQueue | undefined, onMessage: OnMessage, noAck: boolean, exclusive: boolean): Consumer {
    const prefetch = this.#prefetch;
    const consumer: Consumer = {
      tag,
      queue,
      exclusive,
      unacked: 0,
      ready: () => this.#state === 'open' && (noAck || prefetch === 0 || consumer.unacked < prefetch),
      deliver: (message) => {
        const deliveryTag = this.#nextTag++;
        if (!noAck) {
          this.#unacked.set(deliveryTag, { consumer, queue: queue!, message });
          consumer.unacked++;
        }
        this.#invoke(onMessage, toDelivery(message, deliveryTag));
      },
      cancelledByBroker: () => {
        this.#consumers.delete(tag);
        setImmediate(() => this.#state === 'open' && this.#invoke(onMessage, null));
      },
    };
    return consumer;
  }

  #deliverReply(tag: string, onMessage: OnMessage, message: StoredMessage): void {
    setImmediate(() => {
      if (this.#state !== 'open' || !this.#consumers.has(tag)) return;
      this.#invoke(onMessage, toDelivery(message, this.#nextTag++));
    });
  }

  #invoke(onMessage: OnMessage, delivery: Delivery | null): void {
    try {
      onMessage(delivery);
    } catch (err) {
      this.#logger.error('in-memory broker: a consumer callback threw', { error: errorMessage(err) });
    }
  }

  #removeConsumer(tag: string): void {
    const consumer = this.#consumers.get(tag);
    if (!consumer) return;
    this.#consumers.delete(tag);
    if (consumer.queue) consumer.queue.removeConsumer(consumer);
    else if (this.#replyName) {
      this.#broker.unregisterReplyTarget(this.#replyName);
      this.#replyName = undefined;
    }
  }

  #settle(message: Delivery, allUpTo: boolean, then: (entry: Unacked) => void): void {
    if (this.#state === 'closed') throw channelClosedError();
    if (this.#state === 'failing') return;
    const tag = message.fields.deliveryTag;
    if (!this.#unacked.has(tag)) {
      this.#failLater(new ChannelFailure(406, `unknown delivery tag ${tag}`));
      return;
    }
    const tags = allUpTo ? [...this.#unacked.keys()].filter((t) => t <= tag) : [tag];
    for (const t of tags) {
      const entry = this.#unacked.get(t)!;
      this.#unacked.delete(t);
      entry.consumer.unacked--;
      then(entry);
    }
  }

  /**
   * An operation the broker refuses closes the channel: 'error', then 'close', then rejects.
   * One it refuses with a hard error closes the whole connection: every channel closes
   * ('close' only, as amqplib's do) and the operation rejects as amqplib's pending ones do.
   */
  #attempt<T>(method: string, operation: () => T): T {
    try {
      return operation();
    } catch (err) {
      if (err instanceof ConnectionFailure) {
        this.#state = 'failing';
        this.#onConnectionFailure(err);
        this.terminate();
        throw channelEndedError();
      }
      if (!(err instanceof ChannelFailure)) throw err;
      this.#state = 'failing';
      this.emit('error', err.channelError());
      this.terminate();
      throw err.operationError(method);
    }
  }

  /** A failure found in a publish or ack arrives later, as RabbitMQ's channel.close does. */
  #failLater(failure: ChannelFailure): true {
    if (this.#state !== 'open') return true;
    this.#state = 'failing';
    setImmediate(() => {
      this.emit('error', failure.channelError());
      this.terminate();
    });
    return true;
  }

  /** Every synchronous AMQP method is a round trip: resolve on a later turn, fail when closed. */
  async #roundTrip(): Promise<void> {
    if (this.#state !== 'open') throw channelClosedError();
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.#state !== 'open') throw channelClosedError();
  }
}
