import { randomBytes } from 'node:crypto';
import { DecodeError } from '../codec.js';
import { Header, PROTOCOL_VERSION } from '../protocol.js';
import { fromErrorReply, RpcError } from '../rpc-error.js';
import { notify } from '../notify.js';
import type { Connection } from '../connection/connection.js';
import type { Delivery, ReturnedMessage } from '../connection/broker-channel.js';
import type { MethodDefinition, ServiceDefinition } from '../service-definition.js';
import type { StatusCode } from '../status-code.js';
import type { CallOptions, ClientOptions, ReplyMode } from './call-options.js';
import { PendingCalls, type PendingCall } from './pending-calls.js';
import { ReplyEndpoint } from './reply-endpoint.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** Counters a client keeps; `pending` is back to zero when no call is in flight. */
export interface ClientStats {
  pending: number;
  lateReplies: number;
  duplicateReplies: number;
  /** Times a request waited for the channel to drain (publish back-pressure). */
  drainWaits: number;
}

/** @internal A call's mutable transport state, beside its settle-once PendingCall. */
interface Flight extends PendingCall {
  /** sending: on its way to a channel; published: on the wire; waiting: to be resent on the next channel. */
  state: 'sending' | 'published' | 'waiting';
  send(): void;
}

/**
 * The caller side of the protocol: correlation, deadlines, cancellation, no-route errors and
 * recovery. Generated clients wrap one; call it directly only for dynamic use (the CLI).
 */
export class RpcClient {
  readonly #conn: Connection;
  readonly #service: ServiceDefinition;
  readonly #timeoutMs: number;
  readonly #mode: ReplyMode;
  readonly #queue: string;
  readonly #options: ClientOptions;
  readonly #pending = new PendingCalls();
  readonly #idPrefix = `${randomBytes(6).toString('base64url')}.`;
  readonly #queueName = ReplyEndpoint.queueName();
  readonly #unwatch: () => void;
  #seq = 0;
  #drainWaits = 0;
  #endpoint: ReplyEndpoint | undefined;
  #opening: Promise<ReplyEndpoint> | undefined;
  #closed = false;
  #resendTimer: NodeJS.Timeout | undefined;

  constructor(conn: Connection, service: ServiceDefinition, options: ClientOptions = {}) {
    this.#conn = conn;
    this.#service = service;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#mode = options.replyMode ?? 'direct';
    this.#queue = options.queue ?? service.queue;
    this.#unwatch = conn.watch({ up: () => this.#resendWaiting() });
  }

  /** Pending calls and discarded replies. */
  get stats(): ClientStats {
    return {
      pending: this.#pending.size,
      lateReplies: this.#pending.lateReplies,
      duplicateReplies: this.#pending.duplicateReplies,
      drainWaits: this.#drainWaits,
    };
  }

  /**
   * Calls `method` and resolves with its reply. Rejects with an {@link RpcError} only, and
   * always by the deadline.
   */
  call<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, options: CallOptions = {}): Promise<Res> {
    const started = performance.now();
    const timeoutMs = options.timeoutMs ?? method.timeoutMs ?? this.#timeoutMs;
    const deadline = Date.now() + timeoutMs;
    const id = this.#idPrefix + (this.#seq++).toString(36);
    const observer = this.#options.observer;
    const info = { service: this.#service.fullName, method: method.fullName, correlationId: id };
    if (observer?.onCallStart) notify(this.#conn.logger, () => observer.onCallStart!(info));

    return new Promise<Res>((resolve, reject) => {
      const end = (code: StatusCode) => {
        if (observer?.onCallEnd) {
          const outcome = { ...info, code, durationMs: performance.now() - started };
          notify(this.#conn.logger, () => observer.onCallEnd!(outcome));
        }
      };
      const fail = (error: RpcError) => {
        end(error.code);
        reject(error);
      };
      if (this.#closed) return fail(new RpcError('CANCELLED', 'client closed'));
      const signal = options.signal;
      if (signal?.aborted) return fail(new RpcError('CANCELLED', `${method.fullName} cancelled before it was sent`));

      let body: Buffer;
      try {
        body = asBuffer(method.requestCodec.encode(request));
      } catch (err) {
        return fail(encodeError(method.fullName, err));
      }

      const onAbort = () => {
        if (this.#pending.take(id, false)) fail(new RpcError('CANCELLED', `${method.fullName} cancelled by the caller`));
      };
      const timer = setTimeout(() => {
        if (this.#pending.take(id, false)) {
          fail(new RpcError('DEADLINE_EXCEEDED', `${method.fullName} got no reply within ${timeoutMs} ms`));
        }
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });

      const headers: Record<string, unknown> = { ...options.headers };
      headers[Header.deadline] = String(deadline);
      headers[Header.protocol] = PROTOCOL_VERSION;
      const flight: Flight = {
        id,
        deadline,
        idempotent: method.idempotent,
        state: 'sending',
        onReply: (content, status) => {
          if (status !== 'OK') return fail(fromErrorReply(status, content));
          let value: Res;
          try {
            value = method.responseCodec.decode(content);
          } catch (err) {
            return fail(new RpcError('INTERNAL', `${method.fullName} reply does not decode: ${describe(err)}`));
          }
          end('OK');
          resolve(value);
        },
        onError: fail,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
        send: () => {
          flight.state = 'sending';
          this.#publish(flight, method, body, headers).catch((err: unknown) => {
            if (flight.state !== 'published' && RpcError.is(err, 'UNAVAILABLE') && flight.deadline > Date.now()) {
              // Not on the wire yet, so sending it again cannot duplicate it: wait for a channel.
              flight.state = 'waiting';
              this.#scheduleResend();
            } else if (this.#pending.take(id, false)) fail(toRpcError(err));
          });
        },
      };
      // Registered before publishing: a reply can never arrive for a call we do not know.
      this.#pending.add(flight);
      flight.send();
    });
  }

  async #publish(flight: Flight, method: MethodDefinition<unknown, unknown>, body: Buffer, headers: Record<string, unknown>) {
    // Honour connection.blocked: publishing now would only pile up in the socket buffer.
    if (this.#conn.isBlocked) await this.#conn.ready(flight.deadline);
    let endpoint = this.#endpoint ?? (await this.#open(flight.deadline));
    // Honour back-pressure: wait for 'drain' rather than buffering without bound.
    for (let drain = endpoint.writable(); drain; drain = endpoint.writable()) {
      this.#drainWaits++;
      await drain;
    }
    if (this.#endpoint !== endpoint) endpoint = await this.#open(flight.deadline);
    if (!this.#pending.has(flight.id)) return; // settled (deadline, cancel) while waiting
    const remaining = flight.deadline - Date.now();
    if (remaining <= 0) throw new RpcError('DEADLINE_EXCEEDED', `${method.fullName} deadline passed before it was sent`);
    flight.state = 'published';
    endpoint.publish(this.#queue, body, {
      mandatory: true,
      correlationId: flight.id,
      replyTo: endpoint.replyTo,
      contentType: method.requestCodec.contentType,
      type: method.fullName,
      expiration: String(remaining),
      headers,
    });
  }

  #open(deadline: number): Promise<ReplyEndpoint> {
    this.#opening ??= (async () => {
      try {
        await this.#conn.ready(deadline);
        if (this.#closed) throw new RpcError('CANCELLED', 'client closed');
        const endpoint = await ReplyEndpoint.open(this.#conn, this.#mode, this.#queueName, {
          reply: (msg) => this.#onReply(msg),
          returned: (msg) => this.#onReturn(msg),
          lost: () => this.#onLost(endpoint),
        }).catch((err: unknown) => {
          throw err instanceof RpcError ? err : new RpcError('UNAVAILABLE', `could not open a channel: ${describe(err)}`);
        });
        this.#endpoint = endpoint;
        return endpoint;
      } finally {
        this.#opening = undefined;
      }
    })();
    return this.#opening;
  }

  #onReply(msg: Delivery): void {
    const id = msg.properties.correlationId;
    const call = id === undefined ? undefined : this.#pending.take(id, true);
    if (!call) return this.#pending.discard(id);
    const max = this.#options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    if (msg.content.length > max) {
      return call.onError(new RpcError('RESOURCE_EXHAUSTED', `reply of ${msg.content.length} bytes exceeds maxReplyBytes ${max}`));
    }
    const status = msg.properties.headers?.[Header.status];
    call.onReply(msg.content, typeof status === 'string' ? status : undefined);
  }

  #onReturn(msg: ReturnedMessage): void {
    const id = msg.properties.correlationId;
    const call = id === undefined ? undefined : this.#pending.take(id, false);
    if (!call) return;
    call.onError(
      new RpcError(
        'UNAVAILABLE',
        `no queue "${msg.fields.routingKey}" for ${msg.properties.type ?? 'this call'}: is the service running? (${msg.fields.replyText})`,
        { reason: 'NO_ROUTE', queue: msg.fields.routingKey },
      ),
    );
  }

  /** The channel is gone, and with it every reply in flight to it: fail fast or resend. */
  #onLost(endpoint: ReplyEndpoint): void {
    if (this.#endpoint !== endpoint) return;
    this.#endpoint = undefined;
    for (const call of this.#pending.all() as Flight[]) {
      if (call.state !== 'published') continue; // not on the wire yet: it goes out on the next channel
      if (call.idempotent && call.deadline > Date.now()) {
        call.state = 'waiting';
        continue;
      }
      if (this.#pending.take(call.id, false)) {
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
    for (const call of this.#pending.all() as Flight[]) if (call.state === 'waiting') call.send();
  }

  /** Fails every pending call with CANCELLED and releases the channel. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unwatch();
    clearTimeout(this.#resendTimer);
    for (const call of this.#pending.all()) {
      if (this.#pending.take(call.id, false)) call.onError(new RpcError('CANCELLED', 'client closed'));
    }
    const endpoint = this.#endpoint ?? (await this.#opening?.catch(() => undefined));
    this.#endpoint = undefined;
    await endpoint?.close();
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function encodeError(method: string, err: unknown): RpcError {
  const what = err instanceof DecodeError ? err.message : describe(err);
  return new RpcError('INVALID_ARGUMENT', `${method} request does not encode: ${what}`);
}

function toRpcError(err: unknown): RpcError {
  return err instanceof RpcError ? err : new RpcError('UNAVAILABLE', `could not send the request: ${describe(err)}`);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
