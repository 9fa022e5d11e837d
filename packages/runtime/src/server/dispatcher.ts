import { DecodeError, type CodecLimits } from '../codec.js';
import { describeHeader, headerText } from '../header-text.js';
import { ContentType, Header, PROTOCOL_VERSION } from '../protocol.js';
import { RpcError, toErrorBody } from '../rpc-error.js';
import { errorMessage } from '../error-message.js';
import type { Delivery } from '../connection/broker-channel.js';
import type { Logger } from '../logger.js';
import type { AnyMethodDefinition, ServiceDefinition } from '../service-definition.js';
import type { StatusCode } from '../status-code.js';
import type { CallContext, CallerIdentity } from './handler.js';
import type { IncomingCall } from './incoming-call.js';
import { checkHeaderTable } from './header-limits.js';
import type { Chain } from '../interceptors/compose-interceptors.js';
import type { ServerCall } from '../interceptors/interceptor.js';
import { asBuffer } from '../as-buffer.js';

/** Decides whether `caller` may call `method` with `request`; see {@link ServerOptions.authorize}. */
export type Authorize = (caller: CallerIdentity | undefined, method: string, request: unknown) => boolean | PromiseLike<boolean>;

/** @internal What a dispatcher checks requests against. */
export interface DispatcherOptions {
  maxRequestBytes: number;
  maxReplyBytes: number;
  maxHeaderBytes: number;
  maxHeaders: number;
  limits: CodecLimits;
  logger: Logger;
  requireCallerIdentity?: boolean | undefined;
  authorize?: Authorize | undefined;
  /** The interceptors, composed; undefined without any. */
  chain?: Chain<ServerCall> | undefined;
  /** The queue the server consumes, for interceptors. */
  queue: string;
  /** Starts a server stream whose handler returned `items` (docs/protocol.md 8). */
  startStream: (method: AnyMethodDefinition, items: AsyncIterable<unknown>, call: IncomingCall, credit: number) => void;
}

/** @internal The "reply" of a request that started a stream: ack it, answer nothing. */
export const STREAM_STARTED: Reply = Object.freeze({ status: 'OK', contentType: '', body: Buffer.alloc(0) }) as Reply;

/** @internal A reply ready to publish. */
export interface Reply {
  status: StatusCode;
  contentType: string;
  body: Buffer;
}

type HandlerFn = (req: unknown, ctx: CallContext) => unknown;

/**
 * @internal Turns one request into one reply: checks the protocol version, the method, the
 * size and the content type, decodes, runs the handler and encodes its answer. Bad input
 * throws an {@link RpcError} naming what was wrong. A handler that returns a plain value is
 * answered synchronously; only a promise makes the reply wait.
 */
export class Dispatcher {
  readonly #methods = new Map<string, { method: AnyMethodDefinition; key: string }>();
  readonly #handlers: Record<string, HandlerFn>;

  private readonly maxRequestBytes: number;
  private readonly maxReplyBytes: number;
  private readonly maxHeaderBytes: number;
  private readonly maxHeaders: number;
  private readonly limits: CodecLimits;
  private readonly logger: Logger;
  private readonly requireCallerIdentity: boolean;
  private readonly authorize: Authorize | undefined;
  private readonly chain: Chain<ServerCall> | undefined;
  private readonly queue: string;
  private readonly startStream: DispatcherOptions['startStream'];

  constructor(
    private readonly service: ServiceDefinition,
    handlers: object,
    options: DispatcherOptions,
  ) {
    this.maxRequestBytes = options.maxRequestBytes;
    this.maxReplyBytes = options.maxReplyBytes;
    this.maxHeaderBytes = options.maxHeaderBytes;
    this.maxHeaders = options.maxHeaders;
    this.limits = options.limits;
    this.logger = options.logger;
    this.requireCallerIdentity = options.requireCallerIdentity ?? false;
    this.authorize = options.authorize;
    this.chain = options.chain;
    this.queue = options.queue;
    this.startStream = options.startStream;
    this.#handlers = handlers as Record<string, HandlerFn>;
    for (const [key, method] of Object.entries(service.methods)) {
      if (typeof this.#handlers[key] !== 'function') throw new TypeError(`serve ${service.fullName}: missing handler for method "${key}"`);
      this.#methods.set(method.fullName, { method, key });
    }
  }

  dispatch(msg: Delivery, call: IncomingCall): Reply | PromiseLike<Reply> {
    const type = call.method;
    // First: nothing else in the headers is trusted before the table is within limits.
    const headerError = checkHeaderTable(call.headers, this.maxHeaderBytes, this.maxHeaders);
    if (headerError) throw headerError;
    const version = call.headers[Header.protocol];
    if (version != null) checkProtocol(version);
    const entry = this.#methods.get(type);
    if (!entry) throw new RpcError('UNIMPLEMENTED', `${this.service.fullName} has no method "${type}"`);
    const { method } = entry;
    // Before the body is read: an unauthenticated caller's payload is never parsed.
    if (this.requireCallerIdentity && msg.properties.userId === undefined) {
      throw new RpcError('UNAUTHENTICATED', `${type} requires a caller identity: publish the request with user_id set to your broker user`);
    }
    if (msg.content.length > this.maxRequestBytes) {
      throw new RpcError('RESOURCE_EXHAUSTED', `request of ${msg.content.length} bytes exceeds the server's limit of ${this.maxRequestBytes}`);
    }
    const credit = method.kind === 'serverStream' ? streamCredit(call.headers[Header.credit], type) : 0;
    const contentType = method.requestCodec.contentType;
    if (msg.properties.contentType !== contentType) {
      throw new RpcError('INVALID_ARGUMENT', `${type} expects content_type ${contentType}, got ${msg.properties.contentType ?? 'none'}`);
    }
    let request: unknown;
    try {
      request = method.requestCodec.decode(msg.content, this.limits);
    } catch (err) {
      throw new RpcError('INVALID_ARGUMENT', `${type} request does not decode: ${errorMessage(err)}`);
    }
    if (credit !== 0) return this.#stream(entry, request, call, credit);
    if (this.chain) return this.#intercepted(this.chain, entry, request, call);
    if (this.authorize) return this.#authorized(entry, request, call);
    return this.#run(entry, request, call);
  }

  /**
   * Runs the interceptors around the authorize hook, the handler and the encoding of its
   * reply (so a reply that does not encode is an error they see); a value an interceptor
   * answers with itself is encoded after them.
   */
  #intercepted(chain: Chain<ServerCall>, entry: { method: AnyMethodDefinition; key: string }, request: unknown, call: IncomingCall): PromiseLike<Reply> {
    const { method } = entry;
    let reply: Reply | undefined;
    let value: unknown;
    const next = async (): Promise<unknown> => {
      try {
        if (this.authorize && (await this.authorize(call.caller, call.method, request)) !== true) throw denied(call.method);
        value = await this.#handlers[entry.key]!(request, call);
        reply = this.#encode(method, value);
        return value;
      } catch (err) {
        throw this.classify(err, call.method); // interceptors see an RpcError, the one the caller gets
      }
    };
    const view: ServerCall = { service: this.service.fullName, method, request, headers: call.headers, context: call, queue: this.queue };
    return chain(view, next).then((v) => (reply !== undefined && v === value ? reply : this.#encode(method, v)));
  }

  /** Asks the authorize hook first; a refusal names the method, never the policy. */
  #authorized(entry: { method: AnyMethodDefinition; key: string }, request: unknown, call: IncomingCall): Reply | PromiseLike<Reply> {
    const allowed = this.authorize!(call.caller, call.method, request);
    const decide = (ok: boolean): Reply | PromiseLike<Reply> => {
      if (ok !== true) throw denied(call.method);
      return this.#run(entry, request, call);
    };
    return isThenable<boolean>(allowed) ? Promise.resolve(allowed).then(decide) : decide(allowed);
  }

  #run(entry: { method: AnyMethodDefinition; key: string }, request: unknown, call: IncomingCall): Reply | PromiseLike<Reply> {
    const { method } = entry;
    // Looked up per call, as a method call: the handlers object may be a class instance, and
    // its methods may be replaced while serving.
    const response = this.#handlers[entry.key]!(request, call);
    if (isThenable(response)) return Promise.resolve(response).then((r) => this.#encode(method, r));
    return this.#encode(method, response);
  }

  /** Starts a stream (after the authorize hook, if any); interceptors do not see streams. */
  #stream(entry: { method: AnyMethodDefinition; key: string }, request: unknown, call: IncomingCall, credit: number): Reply | PromiseLike<Reply> {
    const start = (ok: boolean): Reply => {
      if (ok !== true) throw denied(call.method);
      const items = this.#handlers[entry.key]!(request, call) as AsyncIterable<unknown> | null;
      if (typeof items?.[Symbol.asyncIterator] !== 'function') {
        throw new TypeError(`the handler of streaming method ${call.method} must return an AsyncIterable (an async function*), got ${typeof items}`);
      }
      this.startStream(entry.method, items, call, credit);
      return STREAM_STARTED;
    };
    if (!this.authorize) return start(true);
    const allowed = this.authorize(call.caller, call.method, request);
    return isThenable<boolean>(allowed) ? Promise.resolve(allowed).then(start) : start(allowed);
  }

  /** What the caller gets for an error: the handler's own RpcError, or INTERNAL (logged here). */
  classify(err: unknown, type: string): RpcError {
    if (err instanceof RpcError) return err;
    this.logger.error('handler threw', {
      method: type,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return new RpcError('INTERNAL', 'internal error');
  }

  #encode(method: AnyMethodDefinition, response: unknown): Reply {
    let body: Buffer;
    try {
      body = asBuffer(method.responseCodec.encode(response, this.limits));
    } catch (err) {
      const detail = err instanceof DecodeError ? err.message : String(err);
      this.logger.error('handler returned a reply that does not encode', { method: method.fullName, error: detail });
      throw new RpcError('INTERNAL', `${method.fullName} produced a reply that does not match its type`);
    }
    if (body.length > this.maxReplyBytes) {
      this.logger.error('handler returned a reply over the server\'s limit', { method: method.fullName, bytes: body.length, limit: this.maxReplyBytes });
      throw new RpcError('RESOURCE_EXHAUSTED', `${method.fullName} reply of ${body.length} bytes exceeds the server's limit of ${this.maxReplyBytes}`);
    }
    return { status: 'OK', contentType: method.responseCodec.contentType, body };
  }
}

/**
 * `x-warren-protocol` is `<major>` or `<major>.<minor>` in decimal digits (long string, byte
 * array or integer); this server answers major version 1 only (docs/protocol.md 6).
 */
function checkProtocol(value: unknown): void {
  const text = headerText(value);
  const major = text !== undefined && /^\d{1,9}(\.\d{1,9})?$/.test(text) ? Number(text.split('.')[0]) : undefined;
  if (major === undefined) {
    throw new RpcError(
      'FAILED_PRECONDITION',
      `${Header.protocol} must be a version like "1" or "1.1", got ${describeHeader(value)}; this server speaks version ${PROTOCOL_VERSION}`,
    );
  }
  if (String(major) !== PROTOCOL_VERSION) {
    throw new RpcError('FAILED_PRECONDITION', `protocol version ${text} is not supported; this server speaks version ${PROTOCOL_VERSION}`);
  }
}

/** The initial credit of a stream request: 1..10000, required (a v1 caller does not send it). */
function streamCredit(value: unknown, type: string): number {
  if (value === undefined) {
    throw new RpcError(
      'FAILED_PRECONDITION',
      `${type} is a server-streaming method: the request needs header ${Header.credit} (protocol 1.1, docs/protocol.md 8), for example "32"`,
    );
  }
  const text = headerText(value);
  const n = text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 10_000)) {
    throw new RpcError('INVALID_ARGUMENT', `${Header.credit} must be a decimal from 1 to 10000, for example "32"; got ${describeHeader(value)}`);
  }
  return n;
}

function denied(method: string): RpcError {
  return new RpcError('PERMISSION_DENIED', `${method} is not allowed for this caller`);
}

/** @internal The reply for an error: JSON body, status header. */
export function errorReply(err: RpcError): Reply {
  return { status: err.code, contentType: ContentType.json, body: Buffer.from(JSON.stringify(toErrorBody(err))) };
}

/** @internal True for promises and other thenables. */
export function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}
