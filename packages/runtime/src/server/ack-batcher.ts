import type { BrokerChannel, Delivery } from '../connection/broker-channel.js';

/** @internal A delivery waiting for its ack; `done` once its call is answered. */
export interface PendingAck {
  readonly msg: Delivery;
  done: boolean;
}

/**
 * @internal Acks a channel's deliveries in batches. Every delivery is registered as it
 * arrives and marked done once answered; at the end of the event-loop turn the longest run
 * of done deliveries at the front is acked with one `multiple` ack, and done ones behind an
 * unfinished delivery are acked one by one (so a slow call never holds the others' acks and
 * the prefetch window stays open). Under load that is one ack frame per batch instead of one
 * per call, for this process and for the broker. With a single delivery outstanding there is
 * nothing to batch, and it is acked at once. An ack is never sent before its reply: both go
 * out on the same channel and the ack is only ever later.
 */
export class AckBatcher {
  readonly #channel: BrokerChannel;
  /** Deliveries not yet acked, in delivery order. */
  #outstanding: PendingAck[] = [];
  #scheduled = false;

  constructor(channel: BrokerChannel) {
    this.#channel = channel;
  }

  /** Registers a delivery as it arrives; pass the result to {@link done}. */
  received(msg: Delivery): PendingAck {
    const entry: PendingAck = { msg, done: false };
    this.#outstanding.push(entry);
    return entry;
  }

  /** Marks a registered delivery answered; it is acked by the end of this turn. */
  done(entry: PendingAck): void {
    entry.done = true;
    if (this.#scheduled) return;
    if (this.#outstanding.length === 1 && this.#outstanding[0] === entry) {
      // One request at a time: nothing to batch, and no reason to wait a turn.
      this.#outstanding = [];
      return ackOne(this.#channel, entry.msg);
    }
    this.#scheduled = true;
    setImmediate(flush, this);
  }

  /** @internal */
  flush(): void {
    this.#scheduled = false;
    const queue = this.#outstanding;
    let front = 0;
    while (front < queue.length && queue[front]!.done) front++;
    if (front > 0) this.#channel.ack(queue[front - 1]!.msg, front > 1);
    const rest: PendingAck[] = [];
    for (let i = front; i < queue.length; i++) {
      const entry = queue[i]!;
      if (entry.done) this.#channel.ack(entry.msg);
      else rest.push(entry);
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

function ackOne(channel: BrokerChannel, msg: Delivery): void {
  try {
    channel.ack(msg);
  } catch {
    // As in flush(): a closed channel returns the delivery to the queue.
  }
}
