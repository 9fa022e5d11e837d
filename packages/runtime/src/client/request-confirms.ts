import type { OutgoingCall } from './outgoing-call.js';

/** What the client does about a refused request or a channel whose confirms stopped. */
export interface ConfirmEvents {
  /** The broker nacked the request: it was not enqueued, so sending it again is safe. */
  nacked(call: OutgoingCall<unknown>): void;
  /** A confirm is overdue: the channel is stuck (a RabbitMQ 3.10 bug after quorum loss). */
  stuck(waitedMs: number): void;
}

/**
 * @internal Publisher confirms of a client's requests on one channel. A request the broker
 * confirmed is on its queue (replicated, for a quorum queue); one it nacked is not. Confirms
 * come back in publish order, so the oldest unconfirmed request is the head of a FIFO, and
 * one timer checks that head: when it has waited `timeoutMs` and no confirm at all came in
 * that time, the channel is reported stuck (RabbitMQ 3.10.8 leaves a channel with pending
 * confirms stuck for good after a quorum queue lost and regained its quorum, while a fresh
 * channel confirms at once). A broker that is only slow keeps confirming, and is left alone.
 */
export class RequestConfirms {
  readonly #events: ConfirmEvents;
  readonly #timeoutMs: number;
  #queue: OutgoingCall<unknown>[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;
  /** True once the broker confirmed a request here: the channel itself works. */
  everConfirmed = false;
  /** When the last confirm or nack arrived (epoch ms). */
  #lastHeard = 0;

  constructor(timeoutMs: number, events: ConfirmEvents) {
    this.#timeoutMs = timeoutMs;
    this.#events = events;
  }

  /** Registers a request about to be published; returns the callback for its confirm. */
  track(call: OutgoingCall<unknown>): (err: unknown) => void {
    call.confirmPending = true;
    call.publishedAt = Date.now();
    const publish = ++call.publishes;
    this.#queue.push(call);
    this.#timer ??= setTimeout(checkHead, this.#timeoutMs, this).unref();
    return (err: unknown) => this.#settled(call, publish, err);
  }

  #settled(call: OutgoingCall<unknown>, publish: number, err: unknown): void {
    if (!call.confirmPending || call.publishes !== publish) return; // an earlier publish of a resent call
    call.confirmPending = false;
    this.#lastHeard = Date.now();
    if (err == null) {
      this.everConfirmed = true;
      if (!call.idempotent) call.body = EMPTY; // on its queue: never sent again
      return;
    }
    // After the channel's 'close' listeners: a channel that closed is the loss handler's, and
    // by then it has settled or re-queued the call; what is still published was nacked.
    if (!this.#disposed) setImmediate(() => !this.#disposed && this.#events.nacked(call));
  }

  /** @internal The timer: report a stuck channel, or wait for the next head. */
  check(): void {
    this.#timer = undefined;
    if (this.#disposed) return;
    while (this.#head < this.#queue.length && !this.#queue[this.#head]!.confirmPending) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    const oldest = this.#queue[this.#head];
    if (!oldest) return;
    const now = Date.now();
    const waited = now - Math.max(oldest.publishedAt, this.#lastHeard);
    if (waited >= this.#timeoutMs) return this.#events.stuck(now - oldest.publishedAt);
    this.#timer = setTimeout(checkHead, this.#timeoutMs - waited, this).unref();
  }

  /** The channel is gone: nothing more to watch. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#queue = [];
  }
}

const EMPTY = Buffer.alloc(0);

function checkHead(confirms: RequestConfirms): void {
  confirms.check();
}
