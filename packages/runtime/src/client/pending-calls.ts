import type { RpcError } from '../rpc-error.js';

/** @internal One call waiting for its reply. */
export interface PendingCall {
  readonly id: string;
  readonly deadline: number;
  /** May be resent after a connection loss (the method is idempotent). */
  readonly idempotent: boolean;
  /** Settles with the reply body; returns after the caller's promise is settled. */
  onReply(body: Buffer, status: string | undefined): void;
  onError(error: RpcError): void;
  /** Releases the timer and the abort listener. */
  cleanup(): void;
}

const RECENT = 4096;

/**
 * @internal The pending-call map. Every call enters before its request is published and
 * leaves exactly once, by reply, error, deadline or cancellation; a reply for an id no longer
 * here is counted (late or duplicate) and dropped.
 */
export class PendingCalls {
  readonly #calls = new Map<string, PendingCall>();
  /** Recently settled ids and whether a reply settled them, to tell duplicates from late replies. */
  readonly #recent = new Map<string, boolean>();
  /** The same ids in settlement order, oldest overwritten first. (Evicting through the Map's
   * key iterator walks past every deleted entry: slow once it has churned.) */
  readonly #ring: (string | undefined)[] = new Array<string | undefined>(RECENT);
  #next = 0;
  lateReplies = 0;
  duplicateReplies = 0;

  get size(): number {
    return this.#calls.size;
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
    this.#remember(id, byReply);
    return call;
  }

  /** Counts a reply whose call is gone. */
  discard(id: string | undefined): void {
    if (id !== undefined && this.#recent.get(id) === true) this.duplicateReplies++;
    else this.lateReplies++;
  }

  /** Every pending call, for failing or resending them after a connection loss. */
  all(): PendingCall[] {
    return [...this.#calls.values()];
  }

  #remember(id: string, byReply: boolean): void {
    const oldest = this.#ring[this.#next];
    if (oldest !== undefined) this.#recent.delete(oldest);
    this.#ring[this.#next] = id;
    this.#next = (this.#next + 1) % RECENT;
    this.#recent.set(id, byReply);
  }
}
