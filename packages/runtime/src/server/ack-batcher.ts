import type { BrokerChannel, Delivery } from '../connection/broker-channel.js';

/**
 * @internal Acks a channel's deliveries in batches. Every delivery is registered as it
 * arrives and marked done once answered; at the end of the event-loop turn the longest run
 * of done deliveries at the front is acked with one `multiple` ack, and done ones behind an
 * unfinished delivery are acked one by one (so a slow call never holds the others' acks and
 * the prefetch window stays open). Under load that is one ack frame per batch instead of one
 * per call, for this process and for the broker. An ack is never sent before its reply: both
 * go out on the same channel and the ack is only ever later.
 */
export class AckBatcher {
  readonly #channel: BrokerChannel;
  /** Deliveries not yet acked, in delivery order. */
  #outstanding: Delivery[] = [];
  readonly #done = new WeakSet<Delivery>();
  #scheduled = false;

  constructor(channel: BrokerChannel) {
    this.#channel = channel;
  }

  /** Registers a delivery as it arrives. */
  received(msg: Delivery): void {
    this.#outstanding.push(msg);
  }

  /** Marks a registered delivery answered; it is acked by the end of this turn. */
  done(msg: Delivery): void {
    this.#done.add(msg);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(flush, this);
    }
  }

  /** @internal */
  flush(): void {
    this.#scheduled = false;
    const queue = this.#outstanding;
    let front = 0;
    while (front < queue.length && this.#done.has(queue[front]!)) front++;
    if (front > 0) this.#channel.ack(queue[front - 1]!, front > 1);
    const rest: Delivery[] = [];
    for (let i = front; i < queue.length; i++) {
      const msg = queue[i]!;
      if (this.#done.has(msg)) this.#channel.ack(msg);
      else rest.push(msg);
    }
    this.#outstanding = rest;
  }
}

function flush(batcher: AckBatcher): void {
  try {
    batcher.flush();
  } catch {
    // The channel closed under us: its unacked deliveries return to the queue anyway.
  }
}
