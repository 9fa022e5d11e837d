import { Header } from '../protocol.js';
import { RpcError, toErrorBody } from '../rpc-error.js';
import { asBuffer } from '../as-buffer.js';
import { ContentType } from '../protocol.js';
import type { CodecLimits } from '../codec.js';
import type { AnyMethodDefinition } from '../service-definition.js';
import type { IncomingCall } from './incoming-call.js';
import { errorMessage } from '../error-message.js';

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
 */
export class StreamSender {
  readonly correlationId: string;
  /** Data messages sent so far. */
  seq = 0;
  /** Items pulled from the handler (sent or about to be). */
  produced = 0;
  #credit: number;
  #stopped = false;
  #wake: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #dataOptions: StreamMessageOptions | undefined;
  readonly #init: StreamSenderInit;
  readonly #outlet: StreamOutlet;

  constructor(outlet: StreamOutlet, init: StreamSenderInit) {
    this.#outlet = outlet;
    this.#init = init;
    this.#credit = init.credit;
    this.correlationId = init.call.correlationId;
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
        while (this.#credit <= 0 && !this.#stopped) await new Promise<void>((resolve) => (this.#wake = resolve));
        if (this.#stopped) break;
        const next = await it.next();
        if (this.#stopped) break;
        if (next.done) {
          this.#end(undefined);
          break;
        }
        this.produced++;
        this.#data(next.value);
      }
    } catch (err) {
      if (!this.#stopped) this.#end(this.#init.classify(err));
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
    if (endWith) this.#end(endWith);
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
    // One properties object per stream, updated in place: amqplib encodes it inside publish(),
    // and a fresh header table per item costs a fresh prototype in amqplib (see request-properties.ts).
    const data = (this.#dataOptions ??= this.#outlet.options(this.correlationId, method.responseCodec.contentType, { [Header.stream]: 'data', [Header.seq]: '' }));
    data.headers[Header.seq] = String(this.seq++);
    this.#credit--;
    this.#outlet.publish(this.#init.call.replyTo, body, data);
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
