import type * as amqp from 'amqplib';
import type { Logger } from '../logger.js';
import { backoffDelay } from './backoff.js';
import type { PublishOptions } from './broker-channel.js';

/** @internal A reply waiting to be published, or published and not yet confirmed. */
export interface IsolatedReply {
  readonly routingKey: string;
  readonly content: Buffer;
  readonly options: PublishOptions;
  /** When the caller stops waiting (epoch ms); NaN for never. Expired replies are not sent. */
  readonly deadline: number;
  /** Connections that died with this reply unconfirmed. */
  losses: number;
}

/** Replies kept while the reply connection is down; the oldest are dropped beyond it. */
const MAX_WAITING = 10_000;
/** A reply that was on the wire when this many connections died is given up. */
const MAX_LOSSES = 3;
/** The broker closing for shutdown (320) says nothing about the reply in flight. */
const CONNECTION_FORCED = 320;

/**
 * @internal Publishes replies on an AMQP connection of their own, with publisher confirms,
 * so that a reply the broker chokes on cannot take the request consumer down with it.
 *
 * RabbitMQ 3.x closes the whole connection (541 INTERNAL_ERROR) when a reply goes to a forged
 * or dead direct reply-to address (`amq.rabbitmq.reply-to.<garbage>`, or a caller whose node
 * died); on the consumer's connection that requeues every unacked request, and the one that
 * caused it comes back to do it again. Here only this connection dies. Replies it had not
 * confirmed are published again on the next one, one at a time (each waits for its confirm)
 * so that the one the broker refuses is found: when a connection dies with a single reply on
 * the wire, that reply is retired, logged and counted. Every other reply is delivered.
 */
export class IsolatedReplies {
  /** Replies given up because the broker closed the connection over them. */
  retired = 0;
  readonly #open: () => Promise<amqp.ChannelModel>;
  readonly #logger: Logger;
  #model: amqp.ChannelModel | undefined;
  #channel: amqp.ConfirmChannel | undefined;
  #opening = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;
  /** Published, not yet confirmed, in publish order. */
  #inFlight: IsolatedReply[] = [];
  #waiting: IsolatedReply[] = [];
  /** Replies still to be sent one at a time after a connection died with them unconfirmed. */
  #suspects = 0;

  constructor(open: () => Promise<amqp.ChannelModel>, logger: Logger) {
    this.#open = open;
    this.#logger = logger;
  }

  publish(reply: IsolatedReply): void {
    if (this.#closed) return;
    if (this.#waiting.length >= MAX_WAITING) {
      const dropped = this.#waiting.shift()!;
      this.#logger.warn('reply dropped: too many replies waiting for the reply connection', { replyTo: dropped.routingKey });
    }
    this.#waiting.push(reply);
    this.#pump();
  }

  #pump(): void {
    const channel = this.#channel;
    if (!channel) return this.#connect();
    while (this.#waiting.length > 0 && !(this.#suspects > 0 && this.#inFlight.length > 0)) {
      const reply = this.#waiting.shift()!;
      if (reply.deadline <= Date.now()) {
        if (this.#suspects > 0) this.#suspects--;
        continue; // its caller stopped waiting
      }
      this.#inFlight.push(reply);
      try {
        channel.publish('', reply.routingKey, reply.content, reply.options, (err: unknown) => {
          if (err === null) this.#confirmed(reply);
        });
      } catch (err) {
        this.#inFlight.pop();
        this.#logger.warn('could not publish reply', { replyTo: reply.routingKey, error: String(err) });
      }
    }
  }

  #confirmed(reply: IsolatedReply): void {
    const i = this.#inFlight.indexOf(reply); // 0 but for a nack'd gap
    if (i >= 0) this.#inFlight.splice(i, 1);
    if (this.#suspects > 0) {
      this.#suspects--;
      this.#pump();
    }
  }

  #connect(): void {
    if (this.#opening || this.#retryTimer || this.#closed) return;
    this.#opening = true;
    this.#attach()
      .then(() => {
        this.#failures = 0;
        this.#pump();
      })
      .catch((err: unknown) => {
        if (this.#closed) return;
        this.#failures++;
        this.#logger.debug('reply connection failed; retrying', { error: String(err) });
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          if (this.#waiting.length > 0) this.#connect();
        }, backoffDelay(this.#failures));
      })
      .finally(() => (this.#opening = false));
  }

  async #attach(): Promise<void> {
    const model = await this.#open();
    if (this.#closed) return void (await model.close().catch(() => undefined));
    model.on('error', () => undefined); // surfaces as 'close'
    model.once('close', (err?: Error) => this.#lost(model, err));
    const channel = await model.createConfirmChannel();
    // close() may have come while the channel opened: nobody would close this connection
    // then, and its socket would keep the process alive.
    if (this.#closed) return void (await model.close().catch(() => undefined));
    channel.on('error', () => undefined);
    // A channel-level error leaves the connection up: close it, so that one path handles both.
    channel.once('close', () => void model.close().catch(() => undefined));
    this.#model = model;
    this.#channel = channel;
  }

  #lost(model: amqp.ChannelModel, err: Error | undefined): void {
    if (this.#model !== model) return;
    this.#model = undefined;
    this.#channel = undefined;
    const unconfirmed = this.#inFlight;
    this.#inFlight = [];
    const code = (err as { code?: unknown } | undefined)?.code;
    const refused = typeof code === 'number' && code !== CONNECTION_FORCED;
    const requeue: IsolatedReply[] = [];
    for (const reply of unconfirmed) {
      reply.losses++;
      // Alone on the wire when the broker closed the connection: this reply is the cause.
      const culprit = refused && this.#suspects > 0 && unconfirmed.length === 1;
      if (culprit || reply.losses >= MAX_LOSSES) {
        this.retired++;
        if (this.#suspects > 0) this.#suspects--;
        this.#logger.warn('reply retired: the broker closed the reply connection publishing it', {
          replyTo: reply.routingKey,
          correlationId: reply.options.correlationId,
          error: err?.message,
        });
      } else requeue.push(reply);
    }
    if (requeue.length > 0) {
      this.#waiting.unshift(...requeue);
      this.#suspects = Math.max(this.#suspects, requeue.length);
    }
    if (!this.#closed && this.#waiting.length > 0) this.#connect();
  }

  /** Closes the reply connection; replies not yet confirmed are abandoned. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#waiting = [];
    const model = this.#model;
    this.#model = undefined;
    this.#channel = undefined;
    await model?.close().catch(() => undefined);
  }
}
