import { randomBytes } from 'node:crypto';
import { Header } from '../protocol.js';
import { RpcError } from '../rpc-error.js';
import type { CodecLimits } from '../codec.js';
import type { Connection } from '../connection/connection.js';
import type { Delivery, PublishOptions, ReturnedMessage } from '../connection/broker-channel.js';
import type { ClientOptions, ReplyMode } from './call-options.js';
import { NoRouteReasons, openError, sendError } from './client-errors.js';
import { DeadlineTimers } from './deadline-timers.js';
import type { CallHost, OutgoingCall } from './outgoing-call.js';
import { PendingCalls } from './pending-calls.js';
import { ReplyEndpoint } from './reply-endpoint.js';
import { RequestConfirms } from './request-confirms.js';
import { RequestProperties } from './request-properties.js';
import { resendNacked } from './resend-nacked.js';
import { HEADERS_REFUSED } from '../connection/header-guard.js';
import type { StreamHost } from './stream-call.js';
import { OpenStreams } from './open-streams.js';

const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** What a transport needs to know of its client. */
export interface TransportOptions {
  readonly serviceName: string;
  /** The request queue calls are published to. */
  readonly queue: string;
  readonly limits: CodecLimits;
  readonly client: ClientOptions;
}

/**
 * @internal Everything between a registered call and the broker, for one client: the reply
 * endpoint (its channel and reply queue), publishing with back-pressure and publisher
 * confirms, reading replies and returns, and recovery (resend or fail fast) when the channel
 * or the connection goes. It is the {@link CallHost} of the client's calls.
 */
export class CallTransport implements CallHost, StreamHost {
  /** Open server streams; replies and returns look here only while one is open. */
  readonly streams = new OpenStreams();
  readonly pending = new PendingCalls(`${randomBytes(6).toString('base64url')}.`);
  readonly timers = new DeadlineTimers();
  readonly serviceName: string;
  readonly limits: CodecLimits;
  readonly #conn: Connection;
  readonly #queue: string;
  readonly #mode: ReplyMode;
  readonly #options: ClientOptions;
  readonly #queueName = ReplyEndpoint.queueName();
  readonly #unwatch: () => void;
  readonly #callerIdentity: boolean;
  /** Times a request waited for the channel to drain. */
  drainWaits = 0;
  readonly #properties = new RequestProperties();
  /** Calls waiting for the channel to drain, in order; published from the 'drain' event. */
  #backlog: OutgoingCall<unknown>[] = [];
  #endpoint: ReplyEndpoint | undefined;
  #opening: Promise<ReplyEndpoint> | undefined;
  #closed = false;
  #resendTimer: NodeJS.Timeout | undefined;
  readonly noRoute: NoRouteReasons;

  constructor(conn: Connection, options: TransportOptions) {
    this.#conn = conn;
    this.serviceName = options.serviceName;
    this.limits = options.limits;
    this.#queue = options.queue;
    this.noRoute = new NoRouteReasons(conn, options.queue);
    this.#options = options.client;
    this.#mode = options.client.replyMode ?? 'queue'; // the faster mode in docs/benchmarks.md
    this.#callerIdentity = options.client.callerIdentity ?? true;
    this.#unwatch = conn.watch({ up: () => this.#resendWaiting() });
  }

  get logger() {
    return this.#conn.logger;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Puts a call on the wire. The common case (a channel is open, not
   * blocked, not draining) publishes synchronously; anything else takes the slow path.
   */
  send(call: OutgoingCall<unknown>): void {
    call.state = 'sending';
    const endpoint = this.#endpoint;
    if (!endpoint || this.#conn.isBlocked) {
      this.#publishLater(call).catch((err: unknown) => this.#sendFailed(call, err));
      return;
    }
    if (endpoint.draining || this.#backlog.length > 0) {
      // Honour back-pressure: queue behind the calls already waiting, in order.
      this.drainWaits++;
      this.#backlog.push(call);
      return;
    }
    try {
      this.#publishOn(endpoint, call);
    } catch (err) {
      this.#sendFailed(call, err);
    }
  }

  /** The channel drained: publish the backlog until it is empty or the channel is full again. */
  #drained(endpoint: ReplyEndpoint): void {
    let i = 0;
    for (; i < this.#backlog.length && this.#endpoint === endpoint && !endpoint.draining; i++) {
      const call = this.#backlog[i]!;
      if (!this.pending.has(call.id)) continue; // settled while it waited
      try {
        this.#publishOn(endpoint, call);
      } catch (err) {
        this.#sendFailed(call, err);
      }
    }
    this.#backlog = this.#backlog.slice(i);
  }

  #sendFailed(call: OutgoingCall<unknown>, err: unknown): void {
    // amqplib's IllegalOperationError ("Channel closing"): a publish onto a channel whose close
    // has begun (a stuck or refused channel being replaced) sent nothing; the next channel will.
    const retryable =
      RpcError.is(err, 'UNAVAILABLE') || RpcError.is(err, 'DEADLINE_EXCEEDED') || (err instanceof Error && err.name === 'IllegalOperationError');
    if (call.state !== 'published' && retryable && call.deadline > Date.now()) {
      // Not on the wire yet, so sending it again cannot duplicate it: wait for a channel.
      // (A shared wait may have ended at another call's deadline: this one still has time.)
      call.state = 'waiting';
      this.#scheduleResend();
    } else if (this.pending.take(call.id, false)) {
      // Whatever it waited for (a channel, an unblock, a reconnect), a call whose deadline
      // passed ends DEADLINE_EXCEEDED, as docs/protocol.md says, never by which timer fired first.
      const late = call.deadline <= Date.now() && RpcError.is(err, 'UNAVAILABLE');
      call.onError(late ? call.deadlineError(err.message) : sendError(err));
    }
  }

  /** The slow path: wait for an unblocked connection and an open channel, then send. */
  async #publishLater(call: OutgoingCall<unknown>): Promise<void> {
    // Honour connection.blocked: publishing now would only pile up in the socket buffer.
    if (this.#conn.isBlocked) await this.#conn.ready(call.deadline);
    if (!this.#endpoint) await this.#open(call.deadline);
    if (this.pending.has(call.id)) this.send(call); // unless settled (deadline, cancel) meanwhile
  }

  #publishOn(endpoint: ReplyEndpoint, call: OutgoingCall<unknown>): void {
    const remaining = call.deadline - Date.now();
    if (remaining <= 0) throw new RpcError('DEADLINE_EXCEEDED', `${call.method.fullName} deadline passed before it was sent`);
    const properties = this.#properties.of(call, endpoint.replyTo, remaining, this.#callerIdentity ? this.#conn.user : undefined);
    try {
      endpoint.publish(this.#queue, call.body, properties, endpoint.confirms?.track(call));
    } finally {
      this.#properties.published(properties);
    }
    // Only now: a publish that threw (a closed channel) put nothing on the wire, so the call
    // may still wait for the next channel without any risk of running twice.
    call.state = 'published';
    if (!call.idempotent && !endpoint.confirms) call.body = EMPTY; // never resent: let the bytes go (with confirms, once confirmed)
  }

  #open(deadline: number): Promise<ReplyEndpoint> {
    this.#opening ??= (async () => {
      try {
        await this.#conn.ready(deadline);
        if (this.#closed) throw new RpcError('CANCELLED', 'client closed');
        // The channel may close while it opens (a refused declare): `lost` then finds no endpoint.
        let opened: ReplyEndpoint | undefined;
        const endpoint = (opened = await ReplyEndpoint.open(
          this.#conn,
          this.#mode,
          this.#queueName,
          {
            reply: (msg) => this.#onReply(msg),
            returned: (msg) => this.#onReturn(msg),
            lost: () => opened && this.#onLost(opened),
            drained: () => opened && this.#drained(opened),
          },
          this.#options.confirm ?? true,
        ).catch((err: unknown) => {
          throw openError(err);
        }));
        if (this.#options.confirm ?? true) {
          endpoint.confirms = new RequestConfirms(this.#options.confirmTimeoutMs ?? 5_000, {
            nacked: (call) =>
              resendNacked(this, call, () => this.#endpoint === endpoint && !endpoint.confirms?.everConfirmed && void endpoint.close()),
            stuck: (waitedMs) => this.#stuck(endpoint, waitedMs),
          });
        }
        this.#endpoint = endpoint;
        return endpoint;
      } finally {
        this.#opening = undefined;
      }
    })();
    return this.#opening;
  }

  /** Publishes a stream's request or control message on the client's channel. */
  async publishStream(routingKey: string, body: Buffer, options: PublishOptions, deadline: number): Promise<void> {
    if (this.#conn.isBlocked) await this.#conn.ready(deadline);
    const endpoint = this.#endpoint ?? (await this.#open(deadline));
    endpoint.publish(routingKey, body, { ...options, replyTo: endpoint.replyTo, userId: this.#callerIdentity ? this.#conn.user : undefined });
  }

  #onReply(msg: Delivery): void {
    const id = msg.properties.correlationId;
    if (this.streams.size !== 0 && this.streams.deliver(msg)) return;
    const call = id === undefined ? undefined : this.pending.take(id, true);
    if (!call) return this.pending.discard(id);
    const max = this.#options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    if (msg.content.length > max) {
      return call.onError(new RpcError('RESOURCE_EXHAUSTED', `reply of ${msg.content.length} bytes exceeds maxReplyBytes ${max}`));
    }
    const headers = msg.properties.headers as { [HEADERS_REFUSED]?: string; [name: string]: unknown } | undefined;
    call.onReply(msg.content, headers?.[Header.status], headers?.[HEADERS_REFUSED]);
  }

  #onReturn(msg: ReturnedMessage): void {
    const id = msg.properties.correlationId;
    if (this.streams.size !== 0 && this.streams.returned(msg)) return;
    const call = id === undefined ? undefined : this.pending.take(id, false);
    if (call) void this.noRoute.explain(msg, call.deadline).then((err) => call.onError(err));
  }

  /** A confirm is overdue: replace the channel; its calls fail or are resent as after a loss. */
  #stuck(endpoint: ReplyEndpoint, waitedMs: number): void {
    if (this.#endpoint !== endpoint) return;
    this.logger.warn('no publisher confirm came for a request; replacing the channel', { service: this.serviceName, waitedMs });
    void endpoint.close();
  }

  /** The channel is gone, and with it every reply in flight to it: fail fast or resend. */
  #onLost(endpoint: ReplyEndpoint): void {
    endpoint.confirms?.dispose();
    if (this.#endpoint !== endpoint) return;
    this.#endpoint = undefined;
    for (const call of this.#backlog) call.state = 'waiting'; // never published: send on the next channel
    this.#backlog = [];
    this.streams.endAll(true);
    for (const call of this.pending.all() as OutgoingCall<unknown>[]) {
      if (call.state !== 'published') continue; // not on the wire yet: it goes out on the next channel
      if (call.idempotent && call.deadline > Date.now()) {
        call.state = 'waiting';
        continue;
      }
      if (this.pending.take(call.id, false)) {
        call.onError(new RpcError('UNAVAILABLE', 'connection to the broker lost while the call was in flight'));
      }
    }
    this.#scheduleResend();
  }

  /** Resends waiting calls soon; a connection that is down resends them on its next `up` as well. */
  #scheduleResend(): void {
    if (this.#resendTimer || this.#closed) return;
    this.#resendTimer = setTimeout(() => {
      this.#resendTimer = undefined;
      if (this.#conn.isOpen) this.#resendWaiting();
    }, 50);
  }

  #resendWaiting(): void {
    if (this.#closed) return;
    for (const call of this.pending.all() as OutgoingCall<unknown>[]) if (call.state === 'waiting') this.send(call);
  }

  /** Fails every pending call with CANCELLED and releases the channel. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unwatch();
    clearTimeout(this.#resendTimer);
    for (const call of this.pending.all()) {
      if (this.pending.take(call.id, false)) call.onError(new RpcError('CANCELLED', 'client closed'));
    }
    this.streams.endAll(false);
    this.timers.clear();
    const endpoint = this.#endpoint ?? (await this.#opening?.catch(() => undefined));
    this.#endpoint = undefined;
    await endpoint?.close();
  }
}

const EMPTY = Buffer.alloc(0);
