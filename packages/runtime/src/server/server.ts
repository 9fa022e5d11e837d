import { DIRECT_REPLY_QUEUE, Header } from '../protocol.js';
import { RpcError } from '../rpc-error.js';
import type { BrokerChannel, Delivery } from '../connection/broker-channel.js';
import type { Connection } from '../connection/connection.js';
import type { ServiceDefinition } from '../service-definition.js';
import { Dispatcher, errorReply, isThenable, STREAM_STARTED, type Reply } from './dispatcher.js';
import { ControlQueue } from './control-queue.js';
import { StreamSender } from './stream-sender.js';
import type { AnyMethodDefinition } from '../service-definition.js';
import { IncomingCall } from './incoming-call.js';
import { AckBatcher } from './ack-batcher.js';
import { DeliveryLimit } from './delivery-limit.js';
import { deadLetterQueue, declareRequestQueue } from './request-queue.js';
import { checkServerOptions, DEFAULT_MAX_REPLY_BYTES, DEFAULT_MAX_REQUEST_BYTES, type CloseOptions, type ServerOptions } from './server-options.js';
import { DEFAULT_MAX_DEPTH } from '../codec.js';
import { DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADERS } from './header-limits.js';
import { composeInterceptors } from '../interceptors/compose-interceptors.js';
import type { ServerCall } from '../interceptors/interceptor.js';
import { observerInterceptor } from '../interceptors/observer-interceptor.js';
import { errorMessage } from '../error-message.js';

/** Counters a server keeps. */
export interface ServerStats {
  /** Calls being handled now. */
  inFlight: number;
  handled: number;
  /** Requests skipped because their deadline had passed. */
  expired: number;
  /** Requests dropped as unanswerable (no reply_to or correlation_id). */
  dropped: number;
  /** Requests moved to the dead-letter queue. */
  deadLettered: number;
  /** Server streams running now (each also counted in `handled` once started). */
  streams: number;
}

/**
 * A running service instance: it consumes the service's queue and answers calls. Create
 * one with a generated `serveX` function or {@link serve}.
 */
export class Server {
  readonly #conn: Connection;
  readonly #service: ServiceDefinition;
  readonly #options: ServerOptions;
  readonly #dispatcher: Dispatcher;
  readonly #inFlight = new Set<IncomingCall>();
  #whenIdle: (() => void) | undefined;
  readonly #unwatch: () => void;
  #channel: BrokerChannel | undefined;
  #acks: AckBatcher | undefined;
  #consumerTag: string | undefined;
  #starting: Promise<void> | undefined;
  #closing = false;
  readonly #limit: DeliveryLimit;
  readonly #deadLetter: string;
  readonly #stats = { handled: 0, expired: 0, dropped: 0 };
  /** The control queue and stream channel, opened with the first stream. */
  #control: Promise<ControlQueue> | undefined;
  /** Server streams running now. */
  #streams = 0;

  /** @internal Use {@link serve}. */
  constructor(conn: Connection, service: ServiceDefinition, handlers: object, options: ServerOptions) {
    checkServerOptions(options);
    this.#conn = conn;
    this.#service = service;
    this.#options = options;
    const limits = { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH };
    const maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    this.#dispatcher = new Dispatcher(service, handlers, {
      maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      maxReplyBytes,
      maxHeaderBytes: options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
      maxHeaders: options.maxHeaders ?? DEFAULT_MAX_HEADERS,
      limits,
      logger: conn.logger,
      requireCallerIdentity: options.requireCallerIdentity,
      authorize: options.authorize,
      queue: options.queue ?? service.queue,
      startStream: (method, items, call, credit) => this.#startStream(method, items, call, credit, limits, maxReplyBytes),
      chain: composeInterceptors<ServerCall>('server', [
        { where: 'ConnectOptions.interceptors', list: conn.interceptors },
        { where: 'ServerOptions.interceptors', list: options.interceptors },
        { where: 'ServerOptions.observer', list: options.observer ? [observerInterceptor(options.observer, conn.logger)] : undefined },
      ]),
    });
    this.#deadLetter = deadLetterQueue(this.queue);
    this.#limit = new DeliveryLimit(this.queue, options.queueType ?? 'classic', this.#maxDeliveries, conn.logger);
    this.#unwatch = conn.watch({ up: () => void this.#restart() });
  }

  /** Counters: calls in flight, handled, skipped as expired, dropped, dead-lettered. */
  get stats(): ServerStats {
    return { inFlight: this.#inFlight.size, ...this.#stats, deadLettered: this.#limit.deadLettered, streams: this.#streams };
  }

  /** The queue this server consumes. */
  get queue(): string {
    return this.#options.queue ?? this.#service.queue;
  }

  /** @internal Declares the queue and starts consuming; rejects when the broker refuses. */
  start(): Promise<void> {
    this.#starting ??= this.#open().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  async #open(): Promise<void> {
    const channel = await this.#conn.openChannel();
    try {
      await channel.prefetch(this.#options.concurrency ?? 32);
      await declareRequestQueue(channel, this.queue, this.#options.queueType ?? 'classic', this.#maxDeliveries);
      channel.on('close', () => this.#lost(channel));
      this.#channel = channel;
      const acks = (this.#acks = new AckBatcher(channel));
      const { consumerTag } = await channel.consume(this.queue, (msg) => (msg ? this.#receive(channel, acks, msg) : this.#cancelled(channel)), {
        noAck: false,
      });
      this.#consumerTag = consumerTag;
    } catch (err) {
      this.#channel = undefined;
      await channel.close().catch(() => undefined);
      throw err;
    }
  }

  /** A reply to our own request or dead-letter queue would come back as a request: a loop. */
  #loopsBack(replyTo: string): boolean {
    return replyTo === this.queue || replyTo === this.#deadLetter;
  }

  get #maxDeliveries(): number {
    return this.#options.maxDeliveries ?? 5;
  }

  #lost(channel: BrokerChannel): void {
    if (this.#channel !== channel) return;
    this.#channel = undefined;
    this.#consumerTag = undefined;
    // Unacked requests go back to the queue; handlers still running may reply but not ack.
    if (!this.#closing && this.#conn.isOpen) setTimeout(() => void this.#restart(), 200).unref();
  }

  /**
   * The broker cancelled the consumer (`basic.cancel`: the queue was deleted, or its node was
   * lost): without this the server would stop serving, silently and for good. The channel goes
   * and the usual recovery declares the queue again and consumes; handlers still running
   * answer on the new channel.
   */
  #cancelled(channel: BrokerChannel): void {
    if (this.#closing) return;
    this.#conn.logger.warn('the broker cancelled the consumer (queue deleted or its node lost); consuming again', { queue: this.queue });
    void channel.close().catch(() => undefined);
  }

  /** Consumes again after a channel or connection loss; while the connection is down, its `up` calls this. */
  async #restart(): Promise<void> {
    if (this.#closing || this.#channel || this.#starting || !this.#conn.isOpen) return;
    await this.start().catch((err: unknown) => {
      if (!this.#conn.isOpen) return; // the connection's next `up` retries
      this.#conn.logger.error('could not resume serving; retrying in 1 s', { queue: this.queue, error: String(err) });
      if (!this.#closing) setTimeout(() => void this.#restart(), 1_000).unref();
    });
  }

  #receive(channel: BrokerChannel, acks: AckBatcher, msg: Delivery): void {
    const entry = acks.received(msg);
    const { replyTo, correlationId } = msg.properties;
    if (!replyTo || !correlationId || this.#loopsBack(replyTo)) {
      this.#stats.dropped++;
      this.#conn.logger.warn(replyTo && correlationId ? 'request whose reply_to is this service\'s own queue dropped' : 'request without reply_to or correlation_id dropped', {
        queue: this.queue,
        type: msg.properties.type,
        replyTo,
        correlationId,
      });
      return acks.done(entry);
    }
    const call = new IncomingCall(channel, acks, entry, replyTo, correlationId);
    // A late request is skipped before delivery counting (in #handle): its caller has gone, so
    // it earns neither a dead-letter copy nor an INTERNAL reply nobody reads.
    if (msg.fields.redelivered && !call.isLate()) {
      // Only redeliveries can hit the delivery limit: no closures for the common case.
      const reply = (err: RpcError) => this.#reply(channel, replyTo, correlationId, errorReply(err), call.deadlineMs);
      if (this.#limit.intercept(channel, msg, reply, () => acks.done(entry))) return;
    }
    this.#inFlight.add(call);
    this.#handle(call);
  }

  /**
   * Runs the handler and answers. A handler that returns a plain value is answered in the
   * same turn, with no promise in between; a promise is answered when it settles.
   */
  #handle(call: IncomingCall): void {
    if (call.isLate()) {
      this.#stats.expired++; // the caller gave up already: do no work for it
      return this.#settle(call);
    }
    let result: Reply | PromiseLike<Reply>;
    try {
      result = this.#dispatcher.dispatch(call.entry.msg, call);
    } catch (err) {
      result = errorReply(this.#dispatcher.classify(err, call.method));
    }
    if (!isThenable(result)) return this.#answer(call, result);
    result.then(
      (reply) => this.#answer(call, reply),
      (err: unknown) => this.#answer(call, errorReply(this.#dispatcher.classify(err, call.method))),
    );
  }

  #answer(call: IncomingCall, reply: Reply): void {
    if (reply === STREAM_STARTED) return this.#settle(call, true); // acked at start: at most once
    try {
      if (!call.isLate()) this.#reply(call.channel, call.replyTo, call.correlationId, reply, call.deadlineMs); // else the caller stopped waiting
    } finally {
      this.#settle(call);
    }
  }

  #settle(call: IncomingCall, streaming = false): void {
    if (!streaming) call.release();
    if (this.#channel === call.channel) call.acks.done(call.entry); // after the reply: a crash before it means redelivery
    this.#stats.handled++;
    this.#inFlight.delete(call);
    if (this.#inFlight.size === 0) this.#whenIdle?.();
  }


  /** Runs a stream on the control queue's channel, once that is open. */
  #startStream(method: AnyMethodDefinition, items: AsyncIterable<unknown>, call: IncomingCall, credit: number, limits: { maxDepth: number }, maxReplyBytes: number): void {
    this.#streams++;
    const classify = (err: unknown) => this.#dispatcher.classify(err, call.method);
    const control = (this.#control ??= ControlQueue.open(this.#conn, () => (this.#control = undefined)));
    control.then(
      (queue) => {
        const sender = new StreamSender(queue, { method, items, call, credit, limits, maxReplyBytes, classify });
        if (this.#closing || queue.closed) sender.stop(new RpcError('UNAVAILABLE', 'server shutting down'), new RpcError('UNAVAILABLE', 'server shutting down'));
        void queue.run(sender).then(() => this.#streams--);
      },
      (err: unknown) => {
        this.#control = undefined;
        this.#streams--;
        call.release();
        this.#reply(call.channel, call.replyTo, call.correlationId, errorReply(new RpcError('UNAVAILABLE', `could not open the stream channel: ${errorMessage(err)}`)), call.deadlineMs);
      },
    );
  }

  #reply(channel: BrokerChannel, replyTo: string, id: string, reply: Reply, deadline: number): void {
    // Success carries no headers at all (absent status = OK): a field table costs more to
    // encode and decode than the rest of a small reply's properties.
    const options =
      reply.status === 'OK'
        ? { correlationId: id, contentType: reply.contentType }
        : { correlationId: id, contentType: reply.contentType, headers: { [Header.status]: reply.status } };
    if (this.#conn.publishReply && replyTo.startsWith(DIRECT_REPLY_QUEUE)) {
      // A direct reply-to address is the one a broker may close a connection over (forged, or
      // its caller's node died): never on the consumer's connection, whose unacked requests
      // would go back to the queue and come round to do it again.
      return this.#conn.publishReply(replyTo, reply.body, options, deadline);
    }
    try {
      (this.#channel ?? channel).publish('', replyTo, reply.body, options);
    } catch (err) {
      this.#conn.logger.warn('could not publish reply', { replyTo, error: String(err) });
    }
  }

  /**
   * Graceful shutdown: stops consuming, lets in-flight calls finish and answers them, then
   * closes the channel. Calls still running after `timeoutMs` see their signal abort and
   * their requests go back to the queue for another instance.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#unwatch();
    await this.#starting?.catch(() => undefined);
    const channel = this.#channel;
    if (channel && this.#consumerTag) await channel.cancel(this.#consumerTag).catch(() => undefined);
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => {
      if (this.#inFlight.size === 0) return resolve(false);
      this.#whenIdle = () => resolve(false);
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    if (await idle) {
      for (const call of this.#inFlight) call.abort(new RpcError('UNAVAILABLE', 'server shutting down'));
    }
    clearTimeout(timer);
    await (await this.#control?.catch(() => undefined))?.close();
    this.#control = undefined;
    this.#channel = undefined;
    this.#acks?.flush(); // acks still waiting for the end of the turn, before the channel goes
    await channel?.close().catch(() => undefined);
  }
}
