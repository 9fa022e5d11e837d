import { randomBytes } from 'node:crypto';
import { Header } from '../protocol.js';
import { headerText } from '../header-text.js';
import { RpcError } from '../rpc-error.js';
import type { BrokerChannel, Delivery } from '../connection/broker-channel.js';
import type { Connection } from '../connection/connection.js';
import type { StreamMessageOptions, StreamOutlet, StreamSender } from './stream-sender.js';

/**
 * @internal One server instance's control queue and stream channel (docs/protocol.md 8): an
 * exclusive, auto-delete queue `warren.control.<pid>.<12 hex>` that callers send credit and
 * cancel messages to, and the one channel every stream message of this server is published
 * on (AMQP keeps order per channel). Opened with the first stream. When it goes (channel or
 * connection lost) every stream stops: callers learn it from a NO_ROUTE on their next control
 * message or from their idle timeout, never from a silent end.
 */
export class ControlQueue implements StreamOutlet {
  readonly name: string;
  readonly #channel: BrokerChannel;
  readonly #senders = new Map<string, StreamSender>();
  #closed = false;

  private constructor(channel: BrokerChannel, name: string) {
    this.#channel = channel;
    this.name = name;
  }

  /** Declares and consumes a fresh control queue on a channel of its own. */
  static async open(conn: Connection, lost: (queue: ControlQueue) => void): Promise<ControlQueue> {
    const channel = await conn.openChannel();
    try {
      const name = `warren.control.${process.pid}.${randomBytes(6).toString('hex')}`;
      await channel.assertQueue(name, { durable: false, exclusive: true, autoDelete: true });
      const queue = new ControlQueue(channel, name);
      channel.on('close', () => {
        queue.#closed = true;
        queue.stopAll(new RpcError('UNAVAILABLE', 'stream channel lost'));
        lost(queue);
      });
      await channel.consume(name, (msg) => msg && queue.#control(msg), { noAck: true, exclusive: true });
      return queue;
    } catch (err) {
      await channel.close().catch(() => undefined);
      throw err;
    }
  }

  get size(): number {
    return this.#senders.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Registers and runs a stream; resolves when it has finished. */
  run(sender: StreamSender): Promise<void> {
    this.#senders.set(sender.correlationId, sender);
    return sender.run();
  }

  options(correlationId: string, contentType: string, headers: Record<string, string>): StreamMessageOptions {
    return { correlationId, contentType, replyTo: this.name, headers };
  }

  publish(replyTo: string, body: Buffer, options: StreamMessageOptions): void {
    this.#channel.publish('', replyTo, body, options);
  }

  finished(sender: StreamSender): void {
    if (this.#senders.get(sender.correlationId) === sender) this.#senders.delete(sender.correlationId);
  }

  /** Stops every stream; `endWith` also tells each caller so (server closing). */
  stopAll(reason: RpcError, endWith?: RpcError): void {
    for (const sender of this.#senders.values()) sender.stop(reason, this.#closed ? undefined : endWith);
  }

  /** Stops every stream, telling callers UNAVAILABLE, and deletes the queue with its channel. */
  async close(): Promise<void> {
    const why = new RpcError('UNAVAILABLE', 'server shutting down');
    this.stopAll(why, why);
    this.#closed = true;
    await this.#channel.close().catch(() => undefined);
  }

  /** A credit or cancel message from a caller; anything else is ignored. */
  #control(msg: Delivery): void {
    const id = msg.properties.correlationId;
    const sender = id === undefined ? undefined : this.#senders.get(id);
    if (!sender) return; // finished already, or never ours
    const headers = msg.properties.headers ?? {};
    const kind = headerText(headers[Header.stream]);
    if (kind === 'cancel') return sender.stop(new RpcError('CANCELLED', 'the caller cancelled the stream'));
    if (kind === 'credit') {
      const n = Number(headerText(headers[Header.credit]));
      if (Number.isSafeInteger(n) && n >= 0 && n <= 10_000) sender.grant(n);
    }
  }
}
