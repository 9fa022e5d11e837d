import { randomBytes } from 'node:crypto';
import { DIRECT_REPLY_QUEUE } from '../protocol.js';
import type { BrokerChannel, Delivery, PublishOptions, ReturnedMessage } from '../connection/broker-channel.js';
import type { Connection } from '../connection/connection.js';
import type { ReplyMode } from './call-options.js';
import type { RequestConfirms } from './request-confirms.js';

/** @internal What the endpoint reports back to the client that owns it. */
export interface ReplyEndpointEvents {
  reply(msg: Delivery): void;
  returned(msg: ReturnedMessage): void;
  /** The channel closed while the connection may still be up. */
  lost(): void;
  /** The channel can take publishes again after `publish` returned false. */
  drained(): void;
}

/**
 * @internal The shape of a client's own reply queue. `exclusive` (the default): exclusive and
 * auto-delete, a fresh name per channel, gone with its channel or connection. `durable`: durable
 * with `x-expires`, one name for the client's life, survives a reconnect. RabbitMQ 4.3 refuses
 * the old third shape (non-durable, non-exclusive). bench/src/reply-queue-shapes.ts measured
 * both (docs/semantics.md, "Reply mode"); `durable` stays only so that measurement can rerun.
 */
export type ReplyQueueShape = 'exclusive' | 'durable';

/** Numbers the reply queues of one process: an exclusive queue never reuses a name. */
let opened = 0;

/**
 * @internal One channel that publishes a client's requests and receives its replies. Direct
 * reply-to needs both on the same channel; so does an exclusive reply queue in practice, as it
 * is deleted with the channel that consumes it.
 */
export class ReplyEndpoint {
  readonly replyTo: string;
  readonly channel: BrokerChannel;
  /** True from a publish that amqplib's buffer refused until its 'drain'. */
  draining = false;
  /** Publisher confirms of the requests published here, when the client asked for them. */
  confirms: RequestConfirms | undefined;
  readonly #events: ReplyEndpointEvents;

  private constructor(channel: BrokerChannel, replyTo: string, events: ReplyEndpointEvents) {
    this.channel = channel;
    this.replyTo = replyTo;
    this.#events = events;
  }

  /** @internal The reply queue shape for `replyMode: 'queue'`; only the measurement changes it. */
  static shape: ReplyQueueShape = 'exclusive';

  /** The base name of a client's reply queues; each channel's exclusive queue adds `.<n>`. */
  static queueName(): string {
    return `warren.reply.${process.pid}.${randomBytes(6).toString('hex')}`;
  }

  static async open(
    conn: Connection,
    mode: ReplyMode,
    queueName: string,
    events: ReplyEndpointEvents,
    confirm = false,
  ): Promise<ReplyEndpoint> {
    const channel = await conn.openChannel({ confirm });
    try {
      let replyTo = DIRECT_REPLY_QUEUE;
      if (mode === 'queue') replyTo = await declareReplyQueue(channel, queueName, ReplyEndpoint.shape);
      const endpoint = new ReplyEndpoint(channel, replyTo, events);
      channel.on('return', (msg) => events.returned(msg));
      channel.on('close', () => events.lost());
      // A null delivery is the broker cancelling the consumer (its reply queue was deleted):
      // no reply can arrive any more, so the channel goes, and the client recovers as from a loss.
      const cancelled = () => void channel.close().catch(() => undefined);
      await channel.consume(replyTo, (msg) => (msg ? events.reply(msg) : cancelled()), { noAck: true, exclusive: mode === 'queue' });
      return endpoint;
    } catch (err) {
      await channel.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Publishes; when amqplib's buffer is full, `draining` holds until the channel drains.
   * `confirmed` is for a channel opened with confirms (see {@link BrokerChannel.publish}).
   */
  publish(queue: string, body: Buffer, options: PublishOptions, confirmed?: (err: unknown) => void): void {
    const ok = this.channel.publish('', queue, body, options, confirmed);
    if (!ok && !this.draining) {
      this.draining = true;
      this.channel.once('drain', () => {
        this.draining = false;
        this.#events.drained();
      });
    }
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
  }
}

/**
 * Declares the reply queue, in a shape RabbitMQ 4.3 accepts (it refuses a queue that is neither
 * durable nor exclusive: connection closed, 541). An exclusive queue gets a name of its own on
 * every channel: after a connection loss the old one may live on until the broker notices the
 * dead connection (up to two heartbeats), and declaring it again would fail with 405
 * RESOURCE_LOCKED. Auto-delete removes it with its consumer, so a channel error with the
 * connection still up leaves nothing behind.
 */
async function declareReplyQueue(channel: BrokerChannel, base: string, shape: ReplyQueueShape): Promise<string> {
  if (shape === 'durable') {
    // x-expires removes it once nobody has consumed it for a minute.
    await channel.assertQueue(base, { durable: true, exclusive: false, autoDelete: false, arguments: { 'x-expires': 60_000 } });
    return base;
  }
  const name = `${base}.${(++opened).toString(36)}`;
  await channel.assertQueue(name, { durable: false, exclusive: true, autoDelete: true });
  return name;
}
