import { Header, STREAM_PROTOCOL_VERSION } from '../protocol.js';
import { fromErrorReply, RpcError } from '../rpc-error.js';
import { headerCount, headerText } from '../header-text.js';
import { errorMessage } from '../error-message.js';
import type { CodecLimits } from '../codec.js';
import type { Delivery, PublishOptions, ReturnedMessage } from '../connection/broker-channel.js';
import type { MethodDefinition } from '../service-definition.js';
import type { OpenStream, OpenStreams } from './open-streams.js';
import { readStreamBatch } from './read-stream-batch.js';
import { StreamWindow } from './stream-window.js';

/** @internal What a stream needs from the client's transport. */
export interface StreamHost {
  readonly limits: CodecLimits;
  /** Open streams by correlation id: the transport routes their messages and returns here. */
  readonly streams: OpenStreams;
  /** Publishes on the client's channel (opening it if needed), with its reply_to and user_id. */
  publishStream(routingKey: string, body: Buffer, options: PublishOptions, deadline: number): Promise<void>;
  /** Explains why a returned request found no queue. */
  readonly noRoute: { explain(msg: ReturnedMessage, deadline: number): Promise<RpcError> };
}

/** @internal A stream's settings, checked by the client. */
export interface StreamCallInit<Res> {
  readonly id: string;
  readonly queue: string;
  readonly method: MethodDefinition<unknown, Res>;
  readonly body: Buffer;
  readonly headers: Record<string, string> | undefined;
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly credit: number;
  readonly idleTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * @internal The caller side of one server stream (docs/protocol.md 8), as an async iterator.
 * Items are decoded as they arrive and queued (never more than the credit window, which the
 * server honours); consuming half the window grants that many more. It ends with the server's
 * end message, or fails with an RpcError: the server's error, DEADLINE_EXCEEDED, CANCELLED
 * (signal), UNAVAILABLE (server gone, idle, connection lost) or DATA_LOSS (a seq gap).
 */
export class StreamCall<Res> implements AsyncIterableIterator<Res>, OpenStream {
  readonly #host: StreamHost;
  readonly #init: StreamCallInit<Res>;
  readonly #items: Res[] = [];
  #head = 0;
  #error: RpcError | undefined;
  #ended = false;
  #waiter: { resolve: (r: IteratorResult<Res>) => void; reject: (e: RpcError) => void } | undefined;
  #nextSeq = 0;
  readonly #window: StreamWindow;
  #control: string | undefined;
  #lastHeard = Date.now();
  #deadlineTimer: NodeJS.Timeout | undefined;
  /** Cancelled before the server's first message said where its control queue is: cancel when it does. */
  #cancelWhenHeard = false;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(host: StreamHost, init: StreamCallInit<Res>) {
    this.#host = host;
    this.#init = init;
    this.#window = new StreamWindow(init.credit);
  }

  /** Registers and publishes the request; failures end the stream. */
  start(error?: RpcError): this {
    if (error) return this.#fail(error), this;
    const init = this.#init;
    this.#host.streams.set(init.id, this);
    this.#deadlineTimer = setTimeout(() => this.#expire(), init.timeoutMs);
    const every = Math.max(1, Math.floor(init.idleTimeoutMs / 3));
    this.#idleTimer = setInterval(() => this.#checkIdle(), every);
    init.signal?.addEventListener('abort', this);
    const options: PublishOptions = {
      mandatory: true,
      correlationId: init.id,
      contentType: init.method.requestCodec.contentType,
      type: init.method.fullName,
      expiration: String(Math.max(1, init.timeoutMs)),
      headers: { ...init.headers, [Header.deadline]: String(init.deadline), [Header.protocol]: STREAM_PROTOCOL_VERSION, [Header.credit]: String(init.credit), [Header.batch]: '1' },
    };
    this.#host.publishStream(init.queue, init.body, options, init.deadline).catch((err: unknown) => {
      this.#fail(RpcError.is(err) ? err : new RpcError('UNAVAILABLE', `${init.method.fullName} stream request not sent: ${errorMessage(err)}`));
    });
    return this;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Res>> {
    if (this.#head < this.#items.length) return Promise.resolve({ done: false, value: this.#take() });
    if (this.#error) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve({ done: true, value: undefined });
    this.#window.waiting();
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** A `break`: cancel the stream (the server's handler sees its signal abort). */
  return(): Promise<IteratorResult<Res>> {
    if (!this.#ended && !this.#error) {
      this.#sendControl('cancel');
      this.#finish();
      this.#ended = true;
    }
    this.#items.length = this.#head = 0;
    return Promise.resolve({ done: true, value: undefined });
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    if (this.#settled) return;
    this.#sendControl('cancel');
    this.#fail(new RpcError('CANCELLED', `${this.#init.method.fullName} stream cancelled by the caller`));
  }

  /** A data or end message for this stream. */
  onMessage(msg: Delivery): void {
    if (this.#settled) {
      if (this.#cancelWhenHeard && msg.properties.replyTo !== undefined) {
        this.#cancelWhenHeard = false;
        this.#control = msg.properties.replyTo;
        this.#sendControl('cancel');
        this.#finish();
      }
      return;
    }
    this.#lastHeard = Date.now();
    this.#control = msg.properties.replyTo ?? this.#control;
    const headers = msg.properties.headers ?? {};
    const kind = headerText(headers[Header.stream]);
    const seq = Number(headerText(headers[Header.seq]));
    const name = this.#init.method.fullName;
    if (kind === undefined) {
      // A unary error reply: the server refused the request (FAILED_PRECONDITION from a server without streams, UNIMPLEMENTED...).
      const status = headerText(headers[Header.status]);
      return this.#fail(status && status !== 'OK' ? fromErrorReply(status, msg.content) : new RpcError('INTERNAL', `${name}: the server answered a stream with a unary reply`));
    }
    if (seq !== this.#nextSeq) {
      this.#sendControl('cancel');
      return this.#fail(new RpcError('DATA_LOSS', `${name} stream: expected item ${this.#nextSeq} next, got a ${kind} message with seq ${String(headerText(headers[Header.seq]))}`));
    }
    if (kind === 'end') {
      const status = headerText(headers[Header.status]);
      if (status !== undefined && status !== 'OK') return this.#fail(fromErrorReply(status, msg.content));
      this.#finish();
      this.#ended = true;
      return this.#resolveWaiter();
    }
    if (kind === 'data') {
      if (!this.#withinCredit(1)) return;
      this.#decode(msg.content, seq);
    } else if (kind === 'batch') {
      this.#decodeBatch(msg.content, headers[Header.items], seq);
    } else {
      return;
    }
    this.#resolveWaiter();
  }

  /** An honest server never sends more items than it was granted (8.3): more is a broken peer. */
  #withinCredit(count: number): boolean {
    if (this.#nextSeq + count <= this.#window.granted) return true;
    this.#sendControl('cancel');
    this.#fail(new RpcError('INTERNAL', `${this.#init.method.fullName} stream: the server sent items up to ${this.#nextSeq + count - 1}, past the ${this.#window.granted} it was granted`));
    return false;
  }

  #decode(content: Buffer, seq: number): void {
    let value: Res;
    try {
      value = this.#init.method.responseCodec.decode(content, this.#host.limits);
    } catch (err) {
      this.#sendControl('cancel');
      return this.#fail(new RpcError('INTERNAL', `${this.#init.method.fullName} stream item ${seq} does not decode: ${errorMessage(err)}`));
    }
    this.#nextSeq++;
    this.#window.received(content.length);
    this.#items.push(value);
  }

  /** A batch message: its items in order, as if each had come in a data message of its own. */
  #decodeBatch(content: Buffer, itemsHeader: unknown, seq: number): void {
    const count = headerCount(itemsHeader) ?? 0;
    let parts: Buffer[];
    try {
      if (count < 1 || count > 10_000) {
        throw new Error(`${Header.items} must be a decimal from 1 to 10000, got ${String(headerText(itemsHeader))}`);
      }
      parts = readStreamBatch(content, count);
    } catch (err) {
      this.#sendControl('cancel');
      return this.#fail(new RpcError('INTERNAL', `${this.#init.method.fullName} stream batch at item ${seq} is malformed: ${errorMessage(err)}`));
    }
    if (!this.#withinCredit(count)) return;
    for (const part of parts) {
      this.#decode(part, this.#nextSeq);
      if (this.#settled) return;
    }
  }

  /** A message of ours came back unroutable: the request (no queue) or a control message (server gone). */
  onReturned(msg: ReturnedMessage): void {
    if (this.#settled) return;
    if (this.#control !== undefined && msg.fields.routingKey === this.#control) {
      return this.#fail(new RpcError('UNAVAILABLE', `${this.#init.method.fullName} stream: the server instance is gone (SERVER_GONE)`));
    }
    void this.#host.noRoute.explain(msg, this.#init.deadline).then((err) => this.#fail(err));
  }

  /** The client's channel or connection is gone, and with it this stream's messages. */
  onLost(): void {
    this.#cancelWhenHeard = false; // its channel is gone: no message will come
    if (this.#settled) this.#finish();
    this.#fail(new RpcError('UNAVAILABLE', `${this.#init.method.fullName} stream: connection to the broker lost`));
  }

  /** The client closed. */
  onClosed(): void {
    this.#cancelWhenHeard = false;
    if (this.#settled) this.#finish();
    this.#fail(new RpcError('CANCELLED', 'client closed'));
  }

  get #settled(): boolean {
    return this.#ended || this.#error !== undefined;
  }

  #take(): Res {
    const value = this.#items[this.#head]!;
    this.#items[this.#head++] = undefined as Res;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    if (!this.#settled) {
      const grant = this.#window.consumed();
      if (grant > 0) this.#sendControl('credit', grant);
    }
    return value;
  }

  #resolveWaiter(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    this.#waiter = undefined;
    if (this.#head < this.#items.length) waiter.resolve({ done: false, value: this.#take() });
    else if (this.#error) waiter.reject(this.#error);
    else if (this.#ended) waiter.resolve({ done: true, value: undefined });
    else this.#waiter = waiter;
  }

  #expire(): void {
    this.#sendControl('cancel');
    this.#fail(new RpcError('DEADLINE_EXCEEDED', `${this.#init.method.fullName} stream did not end within ${this.#init.timeoutMs} ms`));
  }

  #checkIdle(): void {
    // Idle counts only while the consumer waits: a slow consumer holding its window is not a silent server.
    if (!this.#waiter) {
      this.#lastHeard = Date.now();
      return;
    }
    const quiet = Date.now() - this.#lastHeard;
    if (quiet >= this.#init.idleTimeoutMs) {
      this.#sendControl('cancel');
      return this.#fail(new RpcError('UNAVAILABLE', `${this.#init.method.fullName} stream: nothing from the server for ${quiet} ms (IDLE)`));
    }
    // Waiting with nothing heard for a third of the idle time: probe (a NO_ROUTE says the server is gone).
    if (quiet >= this.#init.idleTimeoutMs / 3) this.#sendControl('credit', 0);
  }

  /** Sends credit or cancel to the server's control queue, once its first message said where that is. */
  #sendControl(kind: 'credit' | 'cancel', credit?: number): void {
    const to = this.#control;
    if (to === undefined) {
      if (kind === 'cancel') this.#cancelWhenHeard = true;
      return;
    }
    const headers: Record<string, string> = { [Header.stream]: kind };
    if (credit !== undefined) headers[Header.credit] = String(credit);
    this.#host.publishStream(to, EMPTY, { mandatory: true, correlationId: this.#init.id, headers }, Date.now() + 5_000).catch(() => undefined);
  }

  /** The stream fails: the error comes after the items already queued. */
  #fail(error: RpcError): void {
    if (this.#settled) return;
    this.#finish();
    this.#error = error;
    this.#resolveWaiter();
  }

  #finish(): void {
    this.#init.signal?.removeEventListener('abort', this);
    clearInterval(this.#idleTimer);
    if (this.#cancelWhenHeard) {
      // Stay registered until the first message (or the deadline) so the server hears the cancel.
      clearTimeout(this.#deadlineTimer);
      this.#deadlineTimer = setTimeout(() => ((this.#cancelWhenHeard = false), this.#finish()), Math.max(0, this.#init.deadline - Date.now()));
      return;
    }
    if (this.#host.streams.get(this.#init.id) === this) this.#host.streams.delete(this.#init.id);
    clearTimeout(this.#deadlineTimer);
  }
}

const EMPTY = Buffer.alloc(0);
