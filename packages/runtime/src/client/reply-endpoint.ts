import { randomBytes } from 'node:crypto';
import { DIRECT_REPLY_QUEUE } from '../protocol.js';
import type { BrokerChannel, Delivery, ReturnedMessage } from '../connection/broker-channel.js';
import type { Connection } from '../connection/connection.js';
import type { ReplyMode } from './call-options.js';

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
 * @internal One channel that publishes a client's requests and receives its replies. Direct
 * reply-to needs both on the same channel; a reply queue of our own keeps its name across
 * channels, so replies published during a short reconnect still wait for us.
 */
export class ReplyEndpoint {
  readonly replyTo: string;
  readonly channel: BrokerChannel;
  /** True from a publish that amqplib's buffer refused until its 'drain'. */
  draining = false;
  readonly #events: ReplyEndpointEvents;

  private constructor(channel: BrokerChannel, replyTo: string, events: ReplyEndpointEvents) {
    this.channel = channel;
    this.replyTo = replyTo;
    this.#events = events;
  }

  static queueName(): string {
    return `warren.reply.${process.pid}.${randomBytes(6).toString('hex')}`;
  }

  static async open(
    conn: Connection,
    mode: ReplyMode,
    queueName: string,
    events: ReplyEndpointEvents,
  ): Promise<ReplyEndpoint> {
    const channel = await conn.openChannel();
    try {
      let replyTo = DIRECT_REPLY_QUEUE;
      if (mode === 'queue') {
        // Not exclusive: an exclusive queue dies with its connection and the replies in it.
        // x-expires removes it once nobody has consumed it for a minute.
        await channel.assertQueue(queueName, { durable: false, autoDelete: false, arguments: { 'x-expires': 60_000 } });
        replyTo = queueName;
      }
      const endpoint = new ReplyEndpoint(channel, replyTo, events);
      channel.on('return', (msg) => events.returned(msg));
      channel.on('close', () => events.lost());
      await channel.consume(replyTo, (msg) => msg && events.reply(msg), { noAck: true, exclusive: mode === 'queue' });
      return endpoint;
    } catch (err) {
      await channel.close().catch(() => undefined);
      throw err;
    }
  }

  /** Publishes; when amqplib's buffer is full, `draining` holds until the channel drains. */
  publish(queue: string, body: Buffer, options: Parameters<BrokerChannel['publish']>[3]): void {
    const ok = this.channel.publish('', queue, body, options);
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
