import { RpcError } from '../rpc-error.js';
import { errorMessage } from '../error-message.js';
import { checkOneOf, checkQueueName, checkWhole } from '../check-option.js';
import { DEFAULT_MAX_DEPTH } from '../codec.js';
import type { Connection } from '../connection/connection.js';
import type { MethodDefinition, ServiceDefinition } from '../service-definition.js';
import type { CallOptions, ClientOptions, StreamOptions } from './call-options.js';
import { StreamCall } from './stream-call.js';
import { CallTransport } from './call-transport.js';
import { checkHeaders, checkSignal, isWholeMs, MAX_TIMEOUT_MS, wholeMs } from './check-call-input.js';
import { encodeError } from './client-errors.js';
import { OutgoingCall } from './outgoing-call.js';
import { asBuffer } from '../as-buffer.js';
import { composeInterceptors, type Chain } from '../interceptors/compose-interceptors.js';
import type { ClientCall } from '../interceptors/interceptor.js';
import { observerInterceptor } from '../interceptors/observer-interceptor.js';

const DEFAULT_TIMEOUT_MS = 30_000;

/** Counters a client keeps; `pending` is back to zero when no call is in flight. */
export interface ClientStats {
  pending: number;
  /** Server streams open (or cancelled and waiting to tell their server). */
  streams: number;
  lateReplies: number;
  duplicateReplies: number;
  /** Times a request waited for the channel to drain (publish back-pressure). */
  drainWaits: number;
}

/**
 * The caller side of the protocol: correlation, deadlines, cancellation, no-route errors and
 * recovery. Generated clients wrap one; call it directly only for dynamic use (the CLI).
 */
export class RpcClient {
  readonly #timeoutMs: number;
  readonly #transport: CallTransport;
  readonly #queue: string;
  /** The connection's and this client's interceptors as one; undefined without any (no extra work per call). */
  readonly #chain: Chain<ClientCall> | undefined;

  /** @throws TypeError naming the first option out of range. */
  constructor(conn: Connection, service: ServiceDefinition, options: ClientOptions = {}) {
    checkWhole(options.timeoutMs, 'ClientOptions.timeoutMs', 0, MAX_TIMEOUT_MS, 5000);
    checkOneOf(options.replyMode, 'ClientOptions.replyMode', ['queue', 'direct']);
    checkQueueName(options.queue, 'ClientOptions.queue');
    checkWhole(options.maxReplyBytes, 'ClientOptions.maxReplyBytes', 0, Number.MAX_SAFE_INTEGER, 64 * 1024 * 1024);
    checkWhole(options.maxDepth, 'ClientOptions.maxDepth', 1, 1_000, DEFAULT_MAX_DEPTH);
    checkWhole(options.confirmTimeoutMs, 'ClientOptions.confirmTimeoutMs', 1, MAX_TIMEOUT_MS, 5000);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#queue = options.queue ?? service.queue;
    this.#chain = composeInterceptors<ClientCall>('client', [
      { where: 'ConnectOptions.interceptors', list: conn.interceptors },
      { where: 'ClientOptions.interceptors', list: options.interceptors },
      { where: 'ClientOptions.observer', list: options.observer ? [observerInterceptor(options.observer, conn.logger)] : undefined },
    ]);
    this.#transport = new CallTransport(conn, {
      serviceName: service.fullName,
      queue: this.#queue,
      limits: { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH },
      client: options,
    });
  }

  /** Pending calls and discarded replies. */
  get stats(): ClientStats {
    const t = this.#transport;
    return { pending: t.pending.size, streams: t.streams.size, lateReplies: t.pending.lateReplies, duplicateReplies: t.pending.duplicateReplies, drainWaits: t.drainWaits };
  }

  /**
   * Calls `method` and resolves with its reply. Rejects with an {@link RpcError} only, and
   * always by the deadline; bad per-call input (a timeout, headers or signal out of range)
   * rejects with INVALID_ARGUMENT before anything is published.
   */
  call<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, options: CallOptions = {}): Promise<Res> {
    if (this.#chain !== undefined) return this.#intercepted(this.#chain, method, request, options);
    return this.#send(method, request, options, this.#transport.pending.nextSeq());
  }

  /** Runs the interceptors around the call; each `next()` is one attempt, with one correlation id for all. */
  #intercepted<Req, Res>(chain: Chain<ClientCall>, method: MethodDefinition<Req, Res>, request: Req, options: CallOptions): Promise<Res> {
    const seq = this.#transport.pending.nextSeq();
    const given = options.timeoutMs ?? method.timeoutMs ?? this.#timeoutMs;
    // A timeout out of range is left to #send, which fails the call as without interceptors.
    const timeoutMs = typeof given === 'number' && given >= 0 && given <= MAX_TIMEOUT_MS ? Math.ceil(given) : undefined;
    // So are headers that are no plain object of strings: a copy of them could look valid.
    const headersOk = options.headers === undefined || checkHeaders(options.headers) === undefined;
    const call: { -readonly [K in keyof ClientCall<Req, Res>]: ClientCall<Req, Res>[K] } = {
      service: this.#transport.serviceName,
      method,
      request,
      headers: headersOk ? { ...options.headers } : {},
      queue: this.#queue,
      timeoutMs: timeoutMs ?? 0,
      deadline: Date.now() + (timeoutMs ?? 0),
      signal: options.signal,
      correlationId: this.#transport.pending.idOf(seq),
      attempt: 0,
    };
    // Every attempt ends by the deadline the interceptors saw, the one the request carries.
    const attempt = (): Promise<Res> => {
      call.attempt++;
      const fixed = timeoutMs === undefined ? undefined : call.deadline;
      return this.#send(method, call.request, { timeoutMs: options.timeoutMs, signal: options.signal, headers: headersOk ? call.headers : options.headers }, seq, fixed);
    };
    return chain(call as ClientCall, attempt).catch((err: unknown) => {
      throw err instanceof RpcError ? err : new RpcError('INTERNAL', `${method.fullName}: an interceptor failed: ${errorMessage(err)}`);
    });
  }

  /** One call on the wire; `fixed`: its deadline (epoch ms) when an interceptor chain set it. */
  #send<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, options: CallOptions, seq: number, fixed?: number): Promise<Res> {
    const host = this.#transport;
    let timeoutMs = fixed === undefined ? (options.timeoutMs ?? method.timeoutMs ?? this.#timeoutMs) : Math.max(0, fixed - Date.now());
    let error: RpcError | undefined;
    if (!isWholeMs(timeoutMs)) {
      const where = options.timeoutMs !== undefined ? 'timeoutMs' : `the timeoutMs of ${method.fullName}`;
      const checked = wholeMs(timeoutMs, where);
      if (typeof checked === 'number') timeoutMs = checked;
      else [error, timeoutMs] = [checked, 0];
    }
    if (options.headers !== undefined) error ??= checkHeaders(options.headers);
    if (options.signal !== undefined) error ??= checkSignal(options.signal);
    const deadline = fixed ?? Date.now() + timeoutMs;
    const id = host.pending.idOf(seq);
    return new Promise<Res>((resolve, reject) => {
      let body: Buffer = EMPTY;
      if (host.closed) error = new RpcError('CANCELLED', 'client closed');
      else if (error === undefined && options.signal?.aborted) error = new RpcError('CANCELLED', `${method.fullName} cancelled before it was sent`);
      if (error === undefined) {
        try {
          body = asBuffer(method.requestCodec.encode(request, host.limits));
        } catch (err) {
          error = encodeError(method.fullName, err);
        }
      }
      const call = new OutgoingCall<Res>(host, {
        seq,
        id,
        method: method as MethodDefinition<unknown, Res>,
        body,
        headers: error ? undefined : options.headers,
        deadline,
        timeoutMs,
        signal: error ? undefined : options.signal,
        resolve,
        reject,
      });
      if (error) return call.onError(error);
      // Registered before publishing: a reply can never arrive for a call we do not know.
      host.pending.add(call);
      call.arm();
      host.send(call as OutgoingCall<unknown>);
    });
  }

  /**
   * Calls a server-streaming method (`kind: 'serverStream'`) and iterates its responses in
   * order (docs/streaming.md). A `break` cancels the stream; the signal aborting fails the
   * iteration with CANCELLED; `timeoutMs` bounds the whole stream. Every failure is an
   * {@link RpcError}, thrown by the iteration after the items that came before it. Interceptors
   * do not see streams.
   */
  stream<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, options: StreamOptions = {}): AsyncIterable<Res> {
    const host = this.#transport;
    const timeoutMs = options.timeoutMs ?? method.timeoutMs ?? this.#timeoutMs;
    let error: RpcError | undefined;
    const checked = isWholeMs(timeoutMs) ? timeoutMs : wholeMs(timeoutMs, options.timeoutMs !== undefined ? 'timeoutMs' : `the timeoutMs of ${method.fullName}`);
    if (typeof checked !== 'number') error = checked;
    const credit = options.credit ?? 32;
    if (!(Number.isInteger(credit) && credit >= 1 && credit <= 10_000)) {
      error ??= new RpcError('INVALID_ARGUMENT', `StreamOptions.credit must be a whole number from 1 to 10000, for example 32; got ${String(credit)}`);
    }
    const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
    if (!(Number.isInteger(idleTimeoutMs) && idleTimeoutMs >= 3 && idleTimeoutMs <= MAX_TIMEOUT_MS)) {
      error ??= new RpcError('INVALID_ARGUMENT', `StreamOptions.idleTimeoutMs must be whole milliseconds from 3, for example 30000; got ${String(idleTimeoutMs)}`);
    }
    if (method.kind !== 'serverStream') {
      error ??= new RpcError('INVALID_ARGUMENT', `${method.fullName} is not a server-streaming method (kind: 'serverStream'); use call()`);
    }
    if (options.headers !== undefined) error ??= checkHeaders(options.headers);
    if (options.signal !== undefined) error ??= checkSignal(options.signal);
    if (host.closed) error ??= new RpcError('CANCELLED', 'client closed');
    else if (options.signal?.aborted) error ??= new RpcError('CANCELLED', `${method.fullName} cancelled before it was sent`);
    let body: Buffer = EMPTY;
    if (error === undefined) {
      try {
        body = asBuffer(method.requestCodec.encode(request, host.limits));
      } catch (err) {
        error = encodeError(method.fullName, err);
      }
    }
    const ms = typeof checked === 'number' ? checked : 0;
    const call = new StreamCall<Res>(host, {
      id: host.pending.idOf(host.pending.nextSeq()),
      queue: this.#queue,
      method: method as MethodDefinition<unknown, Res>,
      body,
      headers: options.headers,
      deadline: Date.now() + ms,
      timeoutMs: ms,
      credit,
      idleTimeoutMs,
      signal: options.signal,
    });
    return call.start(error);
  }

  /** Fails every pending call with CANCELLED and releases the channel. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}

const EMPTY = Buffer.alloc(0);

