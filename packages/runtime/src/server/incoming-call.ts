import { headerCount } from '../header-text.js';
import { Header, QUORUM_DELIVERY_COUNT } from '../protocol.js';
import { RpcError } from '../rpc-error.js';
import type { BrokerChannel } from '../connection/broker-channel.js';
import type { AckBatcher, PendingAck } from './ack-batcher.js';
import { deadlineOf } from './deadline-of.js';
import type { CallContext, CallerIdentity } from './handler.js';

const FOREVER = 8.64e15; // the largest Date
const NO_HEADERS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * @internal A request being handled, and the {@link CallContext} its handler sees. The
 * AbortSignal and its deadline timer are made only when a handler reads `signal`: most
 * handlers never do, and an AbortSignal costs more than the rest of the call's bookkeeping.
 */
export class IncomingCall implements CallContext {
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #abortReason: RpcError | undefined;

  readonly method: string;
  readonly headers: Readonly<Record<string, unknown>>;
  /** The broker's `redelivered` flag on this delivery. */
  readonly brokerRedelivered: boolean;
  /** Absolute deadline, epoch ms; NaN when the request has none. */
  readonly deadlineMs: number;

  /** One delivery, with where it came from (its channel and ack batch) and where its reply goes. */
  constructor(
    readonly channel: BrokerChannel,
    readonly acks: AckBatcher,
    readonly entry: PendingAck,
    readonly replyTo: string,
    readonly correlationId: string,
  ) {
    const { properties, fields } = entry.msg;
    this.method = properties.type ?? '';
    this.headers = properties.headers ?? NO_HEADERS;
    this.brokerRedelivered = fields.redelivered;
    this.deadlineMs = deadlineOf(this.headers);
  }

  get deadline(): Date {
    return new Date(Number.isFinite(this.deadlineMs) ? this.deadlineMs : FOREVER);
  }

  /**
   * Which delivery of the request this is, 1 for the first: quorum queues count in
   * `x-delivery-count`, warren servers on classic queues in `x-warren-delivery-count` (a
   * redelivered request is republished with it). Read only when a handler asks.
   */
  get deliveryCount(): number {
    const earlier = headerCount(this.headers[QUORUM_DELIVERY_COUNT]) ?? headerCount(this.headers[Header.deliveryCount]) ?? 0;
    return Math.max(earlier + 1, this.brokerRedelivered ? 2 : 1);
  }

  get caller(): CallerIdentity | undefined {
    const user = this.entry.msg.properties.userId;
    return typeof user === 'string' ? { user, vouched: true } : undefined;
  }

  get redelivered(): boolean {
    return this.brokerRedelivered || this.deliveryCount > 1;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#abortReason) this.#controller.abort(this.#abortReason);
      else if (Number.isFinite(this.deadlineMs)) {
        this.#timer = setTimeout(abortAtDeadline, Math.max(0, this.deadlineMs - Date.now()), this);
      }
    }
    return this.#controller.signal;
  }

  /** True once the deadline has passed: the caller stopped waiting. */
  isLate(now = Date.now()): boolean {
    return this.deadlineMs <= now;
  }

  /** Aborts the handler's signal (now, or when it is first read). */
  abort(reason: RpcError): void {
    this.#abortReason ??= reason;
    this.#controller?.abort(reason);
  }

  /** Releases the deadline timer once the call is answered. */
  release(): void {
    clearTimeout(this.#timer);
  }
}

function abortAtDeadline(call: IncomingCall): void {
  call.abort(new RpcError('DEADLINE_EXCEEDED', 'deadline passed'));
}
