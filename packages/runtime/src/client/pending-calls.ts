import type { RpcError } from '../rpc-error.js';

/** @internal One call waiting for its reply. */
export interface PendingCall {
  readonly id: string;
  /** The sequence number in `id`. */
  readonly seq: number;
  readonly deadline: number;
  /** May be resent after a connection loss (the method is idempotent). */
  readonly idempotent: boolean;
  /** Settles with the reply body and its raw `x-warren-status` header (any AMQP field type). */
  /** `refused`: why the header guard emptied the reply's header table (its status is lost). */
  onReply(body: Buffer, status: unknown, refused?: string): void;
  onError(error: RpcError): void;
  /** Releases the timer and the abort listener. */
  cleanup(): void;
}

const RECENT = 4096;
const SETTLED_BY_REPLY = 1;
const SETTLED_OTHERWISE = 2;

/**
 * @internal The pending-call map, and the correlation ids: `<prefix><sequence number in base
 * 36>`. Every call enters before its request is published and leaves exactly once, by reply,
 * error, deadline or cancellation; a reply for an id no longer here is counted (late or
 * duplicate) and dropped.
 */
export class PendingCalls {
  readonly #calls = new Map<string, PendingCall>();
  readonly #prefix: string;
  #seq = 0;
  /**
   * How the last {@link RECENT} calls settled, indexed by sequence number modulo RECENT (the
   * slot's owner in `#recentSeq`), to tell duplicate replies from late ones. Arrays, not a
   * Map keyed by id: two Map operations on fresh strings per call showed in profiles.
   */
  readonly #recentSeq = new Float64Array(RECENT).fill(-1);
  readonly #recentHow = new Uint8Array(RECENT);
  lateReplies = 0;
  duplicateReplies = 0;

  /** `prefix` makes this client's ids unique among the callers of one reply queue. */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  get size(): number {
    return this.#calls.size;
  }

  /** A fresh sequence number; {@link idOf} turns it into the correlation id. */
  nextSeq(): number {
    return this.#seq++;
  }

  idOf(seq: number): string {
    return this.#prefix + seq.toString(36);
  }

  has(id: string): boolean {
    return this.#calls.has(id);
  }

  add(call: PendingCall): void {
    this.#calls.set(call.id, call);
  }

  /** Removes and returns the call, recording how it settled. */
  take(id: string, byReply: boolean): PendingCall | undefined {
    const call = this.#calls.get(id);
    if (!call) return undefined;
    this.#calls.delete(id);
    call.cleanup();
    const slot = call.seq % RECENT;
    this.#recentSeq[slot] = call.seq;
    this.#recentHow[slot] = byReply ? SETTLED_BY_REPLY : SETTLED_OTHERWISE;
    return call;
  }

  /** Counts a reply whose call is gone. */
  discard(id: string | undefined): void {
    const seq = this.#seqOf(id);
    const slot = seq % RECENT;
    if (seq >= 0 && this.#recentSeq[slot] === seq && this.#recentHow[slot] === SETTLED_BY_REPLY) this.duplicateReplies++;
    else this.lateReplies++;
  }

  /** Every pending call, for failing or resending them after a connection loss. */
  all(): PendingCall[] {
    return [...this.#calls.values()];
  }

  /** The sequence number in one of our ids, or -1 (someone else's id, or garbage). */
  #seqOf(id: string | undefined): number {
    if (id === undefined || !id.startsWith(this.#prefix)) return -1;
    const digits = id.slice(this.#prefix.length);
    const seq = parseInt(digits, 36);
    return Number.isSafeInteger(seq) && seq >= 0 && seq.toString(36) === digits ? seq : -1;
  }
}
