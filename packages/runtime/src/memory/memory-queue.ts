import type { StoredMessage } from './stored-message.js';

/** @internal A consumer as a queue sees it; the channel that owns it implements it. */
export interface QueueConsumer {
  readonly tag: string;
  readonly exclusive: boolean;
  /** True while the consumer can take a message (channel open, under its prefetch). */
  ready(): boolean;
  /** Hands the message over; the queue no longer holds it. */
  deliver(message: StoredMessage): void;
  /** The queue is gone (deleted or expired): the consumer is cancelled by the broker. */
  cancelledByBroker(): void;
}

/** @internal Why a message leaves a queue for its dead-letter target (RabbitMQ's x-death reasons). */
export type DeadLetterReason = 'expired' | 'rejected' | 'delivery_limit';

/** @internal What a queue asks of its broker. */
export interface QueueHooks {
  /** The queue was deleted: forget it. */
  removed(queue: MemoryQueue): void;
  /** Route `message` to the queue's dead-letter target. */
  deadLetter(queue: MemoryQueue, message: StoredMessage, reason: DeadLetterReason): void;
}

/** @internal How a queue was declared, with defaults filled in. */
export interface QueueSettings {
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  arguments: Record<string, unknown>;
}

/**
 * @internal One queue of the in-memory broker: messages in order, consumers served round
 * robin, each up to its prefetch. Deliveries happen on a later turn of the event loop,
 * never inside the publish that caused them.
 */
export class MemoryQueue {
  #messages: StoredMessage[] = [];
  readonly #consumers: QueueConsumer[] = [];
  #cursor = 0;
  #scheduled = false;
  #deleted = false;
  #hadConsumer = false;
  #expiryTimer: NodeJS.Timeout | undefined;
  #ttlTimer: NodeJS.Timeout | undefined;
  readonly #hooks: QueueHooks;

  constructor(
    readonly name: string,
    readonly settings: QueueSettings,
    /** The connection that declared an exclusive queue; undefined otherwise. */
    readonly owner: object | undefined,
    hooks: QueueHooks,
  ) {
    this.#hooks = hooks;
    this.touch();
  }

  get deleted(): boolean {
    return this.#deleted;
  }

  get consumerCount(): number {
    return this.#consumers.length;
  }

  /** Messages waiting (not delivered), after dropping the expired ones at the head. */
  get messageCount(): number {
    this.#dropExpired(Date.now());
    return this.#messages.length;
  }

  get hasExclusiveConsumer(): boolean {
    return this.#consumers.some((c) => c.exclusive);
  }

  enqueue(message: StoredMessage): void {
    if (this.#deleted) return;
    this.#messages.push(message);
    this.schedule();
  }

  /**
   * Puts messages a channel gave back at the head of the queue, marked redelivered. A quorum
   * queue counts the returns (`x-delivery-count`) and dead-letters a message returned more
   * than `x-delivery-limit` times, as RabbitMQ does.
   */
  requeue(messages: readonly StoredMessage[]): void {
    if (this.#deleted || messages.length === 0) return;
    const back: StoredMessage[] = [];
    const limit = this.settings.arguments['x-delivery-limit'];
    for (const m of messages) {
      m.redelivered = true;
      if (this.settings.arguments['x-queue-type'] === 'quorum') {
        const headers = (m.properties.headers ??= {});
        const returns = Number(headers['x-delivery-count'] ?? 0) + 1;
        headers['x-delivery-count'] = returns;
        if (typeof limit === 'number' && returns > limit) {
          this.#hooks.deadLetter(this, m, 'delivery_limit');
          continue;
        }
      }
      back.push(m);
    }
    this.#messages = [...back, ...this.#messages];
    this.schedule();
  }

  /** A consumer rejected the message without requeueing it. */
  reject(message: StoredMessage): void {
    if (!this.#deleted) this.#hooks.deadLetter(this, message, 'rejected');
  }

  addConsumer(consumer: QueueConsumer): void {
    this.#consumers.push(consumer);
    this.#hadConsumer = true;
    clearTimeout(this.#expiryTimer);
    this.schedule();
  }

  removeConsumer(consumer: QueueConsumer): void {
    const at = this.#consumers.indexOf(consumer);
    if (at < 0) return;
    this.#consumers.splice(at, 1);
    if (this.#consumers.length > 0) return;
    if (this.settings.autoDelete && this.#hadConsumer) this.delete();
    else this.touch();
  }

  /** Restarts the `x-expires` clock: a queue unused that long is deleted, as RabbitMQ does. */
  touch(): void {
    const expires = this.settings.arguments['x-expires'];
    if (typeof expires !== 'number' || expires <= 0 || this.#consumers.length > 0 || this.#deleted) return;
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = setTimeout(() => this.delete(), expires);
    this.#expiryTimer.unref();
  }

  /** A broker restart keeps only persistent messages (`deliveryMode: 2`) of durable queues. */
  keepPersistent(): void {
    this.#messages = this.#messages.filter((m) => m.properties.deliveryMode === 2);
  }

  /** Deletes the queue: its messages are dropped and its consumers cancelled. */
  delete(): void {
    if (this.#deleted) return;
    this.#deleted = true;
    clearTimeout(this.#expiryTimer);
    clearTimeout(this.#ttlTimer);
    this.#messages = [];
    const consumers = this.#consumers.splice(0);
    this.#hooks.removed(this);
    for (const c of consumers) c.cancelledByBroker();
  }

  /** Asks for a dispatch on a later turn of the event loop. */
  schedule(): void {
    if (this.#scheduled || this.#deleted) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (!this.#deleted) {
      this.#dropExpired(Date.now());
      if (this.#messages.length === 0) break;
      const consumer = this.#nextConsumer();
      if (!consumer) break;
      consumer.deliver(this.#messages.shift()!);
    }
    this.#watchHead();
  }

  /** Expires the head message on time even when nobody consumes, as RabbitMQ does. */
  #watchHead(): void {
    clearTimeout(this.#ttlTimer);
    const at = this.#messages[0]?.expiresAt;
    if (at === undefined || this.#deleted) return;
    this.#ttlTimer = setTimeout(() => this.schedule(), Math.max(0, at - Date.now() + 1));
    this.#ttlTimer.unref();
  }

  /** Round robin over the consumers that can take a message now. */
  #nextConsumer(): QueueConsumer | undefined {
    const n = this.#consumers.length;
    for (let i = 0; i < n; i++) {
      const at = (this.#cursor + i) % n;
      const consumer = this.#consumers[at]!;
      if (consumer.ready()) {
        this.#cursor = (at + 1) % n;
        return consumer;
      }
    }
    return undefined;
  }

  /** RabbitMQ expires per-message TTLs at the head of the queue; so does this. */
  #dropExpired(now: number): void {
    while (this.#messages.length > 0) {
      const head = this.#messages[0]!;
      if (head.expiresAt === undefined || head.expiresAt >= now) return;
      this.#messages.shift();
      this.#hooks.deadLetter(this, head, 'expired');
    }
  }
}
