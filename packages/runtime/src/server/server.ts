import { DecodeError } from '../codec.js';
import { notify } from '../notify.js';
import { ContentType, Header, PROTOCOL_VERSION } from '../protocol.js';
import { RpcError, toErrorBody } from '../rpc-error.js';
import type { BrokerChannel, Delivery } from '../connection/broker-channel.js';
import type { Connection } from '../connection/connection.js';
import type { AnyMethodDefinition, ServiceDefinition } from '../service-definition.js';
import type { StatusCode } from '../status-code.js';
import type { CallContext } from './handler.js';
import { IncomingCall } from './incoming-call.js';
import { deadlineOf } from './deadline-of.js';
import { AckBatcher, type PendingAck } from './ack-batcher.js';
import { DeliveryLimit } from './delivery-limit.js';
import { declareRequestQueue } from './request-queue.js';
import type { CloseOptions, ServerOptions } from './server-options.js';

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
}

/**
 * A running service instance: it consumes the service's queue and answers calls. Create
 * one with a generated `serveX` function or {@link serve}.
 */
export class Server {
  readonly #conn: Connection;
  readonly #service: ServiceDefinition;
  readonly #handlers: Record<string, (req: unknown, ctx: CallContext) => unknown>;
  readonly #options: ServerOptions;
  readonly #methods = new Map<string, AnyMethodDefinition & { key: string }>();
  readonly #inFlight = new Set<IncomingCall>();
  #whenIdle: (() => void) | undefined;
  readonly #unwatch: () => void;
  #channel: BrokerChannel | undefined;
  #acks: AckBatcher | undefined;
  #consumerTag: string | undefined;
  #starting: Promise<void> | undefined;
  #closing = false;
  readonly #limit: DeliveryLimit;
  readonly #stats = { handled: 0, expired: 0, dropped: 0 };

  /** @internal Use {@link serve}. */
  constructor(conn: Connection, service: ServiceDefinition, handlers: object, options: ServerOptions) {
    this.#conn = conn;
    this.#service = service;
    this.#handlers = handlers as Record<string, (req: unknown, ctx: CallContext) => unknown>;
    this.#options = options;
    for (const [key, method] of Object.entries(service.methods)) {
      if (typeof this.#handlers[key] !== 'function') {
        throw new TypeError(`serve ${service.fullName}: missing handler for method "${key}"`);
      }
      this.#methods.set(method.fullName, { ...method, key });
    }
    this.#limit = new DeliveryLimit(this.queue, options.queueType ?? 'classic', this.#maxDeliveries, conn.logger);
    this.#unwatch = conn.watch({ up: () => void this.#restart() });
  }

  /** Counters: calls in flight, handled, skipped as expired, dropped, dead-lettered. */
  get stats(): ServerStats {
    return { inFlight: this.#inFlight.size, ...this.#stats, deadLettered: this.#limit.deadLettered };
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
      const { consumerTag } = await channel.consume(this.queue, (msg) => msg && this.#receive(channel, acks, msg), { noAck: false });
      this.#consumerTag = consumerTag;
    } catch (err) {
      this.#channel = undefined;
      await channel.close().catch(() => undefined);
      throw err;
    }
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
    if (!replyTo || !correlationId) {
      this.#stats.dropped++;
      this.#conn.logger.warn('request without reply_to or correlation_id dropped', {
        queue: this.queue,
        type: msg.properties.type,
        replyTo,
        correlationId,
      });
      return acks.done(entry);
    }
    if (msg.fields.redelivered) {
      // Only redeliveries can hit the delivery limit: no closures for the common case.
      const reply = (err: RpcError) => this.#reply(channel, replyTo, correlationId, errorReply(err));
      if (this.#limit.intercept(channel, msg, reply, () => acks.done(entry))) return;
    }
    const headers = msg.properties.headers ?? {};
    const call = new IncomingCall(msg.properties.type ?? '', correlationId, headers, msg.fields.redelivered, deadlineOf(headers));
    this.#inFlight.add(call);
    this.#handle(channel, acks, entry, replyTo, call);
  }

  /**
   * Runs the handler and answers. A handler that returns a plain value is answered in the
   * same turn, with no promise in between; a promise is answered when it settles.
   */
  #handle(channel: BrokerChannel, acks: AckBatcher, entry: PendingAck, replyTo: string, call: IncomingCall): void {
    const observer = this.#options.observer;
    const started = observer ? performance.now() : 0;
    if (observer?.onCallStart) {
      const info = { service: this.#service.fullName, method: call.method, correlationId: call.correlationId };
      notify(this.#conn.logger, () => observer.onCallStart!(info));
    }
    if (call.isLate()) {
      this.#stats.expired++; // the caller gave up already: do no work for it
      return this.#settle(channel, acks, entry, call, 'DEADLINE_EXCEEDED', started);
    }
    let result: Reply | PromiseLike<Reply>;
    try {
      result = this.#dispatch(entry.msg, call);
    } catch (err) {
      result = errorReply(this.#classify(err, call.method));
    }
    if (!isThenable(result)) return this.#answer(channel, acks, entry, replyTo, call, result, started);
    result.then(
      (reply) => this.#answer(channel, acks, entry, replyTo, call, reply, started),
      (err: unknown) => this.#answer(channel, acks, entry, replyTo, call, errorReply(this.#classify(err, call.method)), started),
    );
  }

  #answer(
    channel: BrokerChannel,
    acks: AckBatcher,
    entry: PendingAck,
    replyTo: string,
    call: IncomingCall,
    reply: Reply,
    started: number,
  ): void {
    try {
      if (!call.isLate()) this.#reply(channel, replyTo, call.correlationId, reply); // else the caller stopped waiting
    } finally {
      this.#settle(channel, acks, entry, call, reply.status, started);
    }
  }

  #settle(channel: BrokerChannel, acks: AckBatcher, entry: PendingAck, call: IncomingCall, code: StatusCode, started: number): void {
    call.release();
    if (this.#channel === channel) acks.done(entry); // after the reply: a crash before it means redelivery
    this.#stats.handled++;
    this.#inFlight.delete(call);
    if (this.#inFlight.size === 0) this.#whenIdle?.();
    const observer = this.#options.observer;
    if (observer?.onCallEnd) {
      const outcome = {
        service: this.#service.fullName,
        method: call.method,
        correlationId: call.correlationId,
        code,
        durationMs: performance.now() - started,
      };
      notify(this.#conn.logger, () => observer.onCallEnd!(outcome));
    }
  }

  /** Checks and decodes the request and runs its handler; throws an RpcError for bad input. */
  #dispatch(msg: Delivery, call: IncomingCall): Reply | PromiseLike<Reply> {
    const type = call.method;
    const version = call.headers[Header.protocol];
    if (version !== undefined && String(version).split('.')[0] !== PROTOCOL_VERSION) {
      throw new RpcError(
        'FAILED_PRECONDITION',
        `protocol version ${String(version)} is not supported; this server speaks version ${PROTOCOL_VERSION}`,
      );
    }
    const method = this.#methods.get(type);
    if (!method) throw new RpcError('UNIMPLEMENTED', `${this.#service.fullName} has no method "${type}"`);
    const max = this.#options.maxRequestBytes ?? 16 * 1024 * 1024;
    if (msg.content.length > max) {
      throw new RpcError('RESOURCE_EXHAUSTED', `request of ${msg.content.length} bytes exceeds the server's limit of ${max}`);
    }
    const contentType = method.requestCodec.contentType;
    if (msg.properties.contentType !== contentType) {
      throw new RpcError('INVALID_ARGUMENT', `${type} expects content_type ${contentType}, got ${msg.properties.contentType ?? 'none'}`);
    }
    let request: unknown;
    try {
      request = method.requestCodec.decode(msg.content);
    } catch (err) {
      throw new RpcError('INVALID_ARGUMENT', `${type} request does not decode: ${err instanceof Error ? err.message : String(err)}`);
    }
    const response = this.#handlers[method.key]!(request, call);
    if (isThenable(response)) return Promise.resolve(response).then((r) => this.#encode(method, r));
    return this.#encode(method, response);
  }

  #encode(method: AnyMethodDefinition, response: unknown): Reply {
    try {
      return { status: 'OK', contentType: method.responseCodec.contentType, body: toBuffer(method.responseCodec.encode(response)) };
    } catch (err) {
      const detail = err instanceof DecodeError ? err.message : String(err);
      this.#conn.logger.error('handler returned a reply that does not encode', { method: method.fullName, error: detail });
      throw new RpcError('INTERNAL', `${method.fullName} produced a reply that does not match its type`);
    }
  }

  #classify(err: unknown, type: string): RpcError {
    if (err instanceof RpcError) return err;
    this.#conn.logger.error('handler threw', {
      method: type,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return new RpcError('INTERNAL', 'internal error');
  }

  #reply(channel: BrokerChannel, replyTo: string, id: string, reply: Reply): void {
    const target = this.#channel ?? channel;
    try {
      // Success carries no headers at all (absent status = OK): a field table costs more to
      // encode and decode than the rest of a small reply's properties.
      target.publish(
        '',
        replyTo,
        reply.body,
        reply.status === 'OK'
          ? { correlationId: id, contentType: reply.contentType }
          : { correlationId: id, contentType: reply.contentType, headers: { [Header.status]: reply.status } },
      );
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
    this.#channel = undefined;
    this.#acks?.flush(); // acks still waiting for the end of the turn, before the channel goes
    await channel?.close().catch(() => undefined);
  }
}

interface Reply {
  status: StatusCode;
  contentType: string;
  body: Buffer;
}

function errorReply(err: RpcError): Reply {
  return { status: err.code, contentType: ContentType.json, body: Buffer.from(JSON.stringify(toErrorBody(err))) };
}

function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
