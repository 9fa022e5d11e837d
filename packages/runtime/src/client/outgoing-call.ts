import { fromErrorReply, RpcError } from '../rpc-error.js';
import { headerText } from '../header-text.js';
import { unreadableStatus } from './client-errors.js';
import type { CodecLimits } from '../codec.js';
import type { Logger } from '../logger.js';
import type { MethodDefinition } from '../service-definition.js';
import type { DeadlineTimers, Timed } from './deadline-timers.js';
import type { PendingCall, PendingCalls } from './pending-calls.js';
import { errorMessage } from '../error-message.js';

/** @internal What a call needs from the client that made it. */
export interface CallHost {
  readonly pending: PendingCalls;
  readonly timers: DeadlineTimers;
  readonly logger: Logger;
  readonly serviceName: string;
  readonly limits: CodecLimits;
  /** Puts the call on the wire (now, or once a channel is there). */
  send(call: OutgoingCall<unknown>): void;
}

/** @internal What a call is made of; see {@link OutgoingCall}. */
export interface OutgoingCallInit<Res> {
  seq: number;
  id: string;
  method: MethodDefinition<unknown, Res>;
  body: Buffer;
  headers: Record<string, string> | undefined;
  deadline: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve: (value: Res) => void;
  reject: (error: RpcError) => void;
}

/**
 * @internal One call from registration to settlement. One object per call, with its methods
 * on the prototype: no closures per call on the hot path. It is its own abort listener
 * (`handleEvent`) and its timer's argument.
 */
export class OutgoingCall<Res> implements PendingCall, Timed {
  /** sending: on its way to a channel; published: on the wire; waiting: to be resent on the next channel. */
  state: 'sending' | 'published' | 'waiting' = 'sending';
  prev: Timed | undefined = undefined;
  next: Timed | undefined = undefined;
  list: Timed['list'] = undefined;
  /** Publisher confirms (when on): publishes so far, the last one's time, whether it awaits its confirm, nacks. */
  publishes = 0;
  publishedAt = 0;
  confirmPending = false;
  nacks = 0;

  readonly host: CallHost;
  readonly seq: number;
  readonly id: string;
  readonly method: MethodDefinition<unknown, Res>;
  /** The encoded request; let go once it can never be resent. */
  body: Buffer;
  /** The caller's extra headers, if any (the deadline header is added at publish time). */
  readonly userHeaders: Record<string, string> | undefined;
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  private readonly resolve: (value: Res) => void;
  private readonly reject: (error: RpcError) => void;

  constructor(host: CallHost, init: OutgoingCallInit<Res>) {
    this.host = host;
    this.seq = init.seq;
    this.id = init.id;
    this.method = init.method;
    this.body = init.body;
    this.userHeaders = init.headers;
    this.deadline = init.deadline;
    this.timeoutMs = init.timeoutMs;
    this.signal = init.signal;
    this.resolve = init.resolve;
    this.reject = init.reject;
  }

  get idempotent(): boolean {
    return this.method.idempotent;
  }

  /** Arms the deadline and the abort listener; the call must be registered already. */
  arm(): void {
    this.host.timers.add(this, this.timeoutMs);
    this.signal?.addEventListener('abort', this, { once: true });
  }

  /** The deadline passed with no reply. */
  expire(): void {
    if (this.host.pending.take(this.id, false)) this.onError(this.deadlineError());
  }

  /** The error of a call whose deadline passed, whichever way it was waiting. */
  deadlineError(why?: string): RpcError {
    const message = `${this.method.fullName} got no reply within ${this.timeoutMs} ms`;
    return new RpcError('DEADLINE_EXCEEDED', why === undefined ? message : `${message} (${why})`);
  }

  /** The caller's AbortSignal fired. */
  handleEvent(): void {
    if (this.host.pending.take(this.id, false)) {
      this.onError(new RpcError('CANCELLED', `${this.method.fullName} cancelled by the caller`));
    }
  }

  onReply(content: Buffer, rawStatus: unknown, refused?: string): void {
    // A header table the guard emptied has lost its status: never read that as a success.
    if (refused !== undefined) return this.onError(new RpcError('UNKNOWN', `${this.method.fullName} reply headers refused: ${refused}`));
    // No status header means OK: servers send it only with errors (docs/protocol.md 3.1).
    if (rawStatus !== undefined) {
      const status = headerText(rawStatus);
      // A status nobody can read may be an error: never take it for a success.
      if (status === undefined) return this.onError(unreadableStatus(this.method.fullName, rawStatus));
      if (status !== 'OK') return this.onError(fromErrorReply(status, content));
    }
    let value: Res;
    try {
      value = this.method.responseCodec.decode(content, this.host.limits);
    } catch (err) {
      const why = errorMessage(err);
      return this.onError(new RpcError('INTERNAL', `${this.method.fullName} reply does not decode: ${why}`));
    }
    this.resolve(value);
  }

  onError(error: RpcError): void {
    this.reject(error);
  }

  cleanup(): void {
    this.host.timers.remove(this);
    this.signal?.removeEventListener('abort', this);
  }

  send(): void {
    this.host.send(this as OutgoingCall<unknown>);
  }
}
