import { Header } from '../protocol.js';
import { RpcError, toErrorBody } from '../rpc-error.js';
import { asBuffer } from '../as-buffer.js';
import { ContentType } from '../protocol.js';
import type { CodecLimits } from '../codec.js';
import type { AnyMethodDefinition } from '../service-definition.js';
import type { IncomingCall } from './incoming-call.js';
import { errorMessage } from '../error-message.js';
import { headerText } from '../header-text.js';
import { StreamBatch } from './stream-batch.js';

/** @internal The properties of a stream message, reply_to (the control queue) included. */
export interface StreamMessageOptions {
  readonly correlationId: string;
  readonly contentType: string;
  readonly replyTo: string;
  readonly headers: Record<string, string>;
}

/** @internal Where a sender's messages go: the server's control channel (one channel, so in order). */
export interface StreamOutlet {
  /** The properties of a stream message. */
  options(correlationId: string, contentType: string, headers: Record<string, string>): StreamMessageOptions;
  /** Publishes to the caller's reply queue. */
  publish(replyTo: string, body: Buffer, options: StreamMessageOptions): void;
  /** The sender is finished: forget it. */
  finished(sender: StreamSender): void;
}

/** @internal What a sender needs to know of its stream. */
export interface StreamSenderInit {
  readonly method: AnyMethodDefinition;
  readonly items: AsyncIterable<unknown>;
  readonly call: IncomingCall;
  readonly credit: number;
  readonly limits: CodecLimits;
  readonly maxReplyBytes: number;
  /** Turns a thrown value into the caller's error (logs non-RpcErrors). */
  readonly classify: (err: unknown) => RpcError;
}

/**
 * @internal The server side of one stream (docs/protocol.md 8): pulls items from the handler's
 * iterator only while the caller has granted credit, so a slow consumer leaves the generator
 * paused at its `yield` and the server holds no more than one window of items. Sends data
 * messages numbered from 0, then one end message (OK or the handler's error). A cancel, the
 * deadline or the server closing stop it: the handler's signal aborts, the iterator's
 * `return()` runs its `finally` blocks, and nothing more is sent (except an UNAVAILABLE end on
 * server close, so the caller need not wait for its idle timeout).
 *
 * For a caller that accepts batches, items the handler yields without waiting on anything
 * (within one turn of the event loop) go out together in one batch message: one broker
 * message per batch instead of per item. An item that waits on I/O is flushed on the next
 * turn (`setImmediate`), so batching never holds an item back for longer than that.
 */
export class StreamSender {
  readonly correlationId: string;
  /** Items sent so far (the next item's seq). */
  seq = 0;
  /** Items pulled from the handler (sent or about to be). */
  produced = 0;
  #credit: number;
  #stopped = false;
  #wake: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #dataOptions: StreamMessageOptions | undefined;
  #batchOptions: StreamMessageOptions | undefined;
  /** Set when the caller accepts batch messages. */
  readonly #batch: StreamBatch | undefined;
  #flushScheduled = false;
  readonly #init: StreamSenderInit;
  readonly #outlet: StreamOutlet;

  constructor(outlet: StreamOutlet, init: StreamSenderInit) {
    this.#outlet = outlet;
    this.#init = init;
    this.#credit = init.credit;
    this.correlationId = init.call.correlationId;
    if (headerText(init.call.headers[Header.batch]) === '1') this.#batch = new StreamBatch();
  }

  /** Runs the stream to its end; never rejects. */
  async run(): Promise<void> {
    const { call } = this.#init;
    if (Number.isFinite(call.deadlineMs)) {
      this.#timer = setTimeout(() => this.stop(new RpcError('DEADLINE_EXCEEDED', 'stream deadline passed')), Math.max(0, call.deadlineMs - Date.now()));
    }
    let it: AsyncIterator<unknown> | undefined;
    try {
      it = this.#init.items[Symbol.asyncIterator]();
      for (;;) {
        if (this.#credit <= 0) this.#flush();
        while (this.#credit <= 0 && !this.#stopped) await new Promise<void>((resolve) => (this.#wake = resolve));
        if (this.#stopped) break;
        const next = await it.next();
        if (this.#stopped) break;
        if (next.done) {
          this.#flush();
          this.#end(undefined);
          break;
        }
        this.produced++;
        this.#data(next.value);
      }
    } catch (err) {
      if (!this.#stopped) {
        // The items before the failure first, then the error.
        this.#tryFlush();
        this.#end(this.#init.classify(err));
      }
    } finally {
      clearTimeout(this.#timer);
      call.release();
      // Cancelled, deadline or closed: let the generator run its finally blocks.
      if (this.#stopped) await Promise.resolve(it?.return?.()).catch(() => undefined);
      this.#outlet.finished(this);
    }
  }

  /** The caller granted `n` more items (0: a liveness probe, nothing to do). */
  grant(n: number): void {
    this.#credit += n;
    if (this.#credit > 0) this.#wakeUp();
  }

  /** Stops without sending anything more; `endWith` sends that end first (server closing). */
  stop(reason: RpcError, endWith?: RpcError): void {
    if (this.#stopped) return;
    if (endWith) {
      try {
        this.#flush();
      } catch {
        // The channel is gone: so is the end (the caller finds out from its idle timeout or a NO_ROUTE).
      }
      this.#end(endWith);
    }
    this.#batch?.clear();
    this.#stopped = true;
    this.#init.call.abort(reason);
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #data(value: unknown): void {
    const { method, limits, maxReplyBytes } = this.#init;
    let body: Buffer;
    try {
      body = asBuffer(method.responseCodec.encode(value, limits));
    } catch (err) {
      throw new RpcError('INTERNAL', `${method.fullName} yielded an item that does not match its type: ${errorMessage(err)}`);
    }
    if (body.length > maxReplyBytes) {
      throw new RpcError('RESOURCE_EXHAUSTED', `${method.fullName} item of ${body.length} bytes exceeds the server's limit of ${maxReplyBytes}`);
    }
    this.#credit--;
    const batch = this.#batch;
    if (!batch) return this.#send(body, 1);
    if (!batch.fits(body)) this.#flush();
    batch.add(body);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => {
        this.#flushScheduled = false;
        this.#tryFlush();
      });
    }
  }

  /** Sends the items waiting in the batch: one as a data message, more as a batch message. */
  #flush(): void {
    const batch = this.#batch;
    if (!batch || batch.size === 0 || this.#stopped) return;
    const count = batch.size;
    const body = count === 1 ? batch.only() : batch.frame();
    batch.clear();
    this.#send(body, count);
  }

  /** A flush outside the run loop (on the next turn, or before an end): a lost channel stops the stream. */
  #tryFlush(): void {
    try {
      this.#flush();
    } catch (err) {
      this.stop(new RpcError('UNAVAILABLE', `stream channel lost: ${errorMessage(err)}`));
    }
  }

  /** Publishes `count` items: one as a data message, more (framed) as a batch message. */
  #send(body: Buffer, count: number): void {
    // One properties object per stream and kind, updated in place: amqplib encodes it inside
    // publish(), and a fresh header table per item costs a fresh prototype in amqplib (see
    // request-properties.ts).
    const contentType = this.#init.method.responseCodec.contentType;
    const options =
      count === 1
        ? (this.#dataOptions ??= this.#outlet.options(this.correlationId, contentType, { [Header.stream]: 'data', [Header.seq]: '' }))
        : (this.#batchOptions ??= this.#outlet.options(this.correlationId, contentType, { [Header.stream]: 'batch', [Header.seq]: '', [Header.items]: '' }));
    options.headers[Header.seq] = String(this.seq);
    if (count !== 1) options.headers[Header.items] = String(count);
    this.#outlet.publish(this.#init.call.replyTo, body, options);
    this.seq += count; // counted once sent: an end after a failed publish says what arrived
  }

  #end(error: RpcError | undefined): void {
    const headers: Record<string, string> = { [Header.stream]: 'end', [Header.seq]: String(this.seq) };
    let body = EMPTY;
    if (error) {
      headers[Header.status] = error.code;
      body = Buffer.from(JSON.stringify(toErrorBody(error)));
    }
    try {
      this.#outlet.publish(this.#init.call.replyTo, body, this.#outlet.options(this.correlationId, ContentType.json, headers));
    } catch {
      // The control channel is gone: the caller finds out from its idle timeout or a NO_ROUTE.
    }
  }
}

const EMPTY = Buffer.alloc(0);
