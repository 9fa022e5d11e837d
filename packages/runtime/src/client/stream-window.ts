/** Most items the window grows to (the protocol's cap on one grant is 10000). */
const MAX_WINDOW = 1024;
/** Most bytes of items the window grows to hold, by the largest item seen. */
const MAX_WINDOW_BYTES = 1024 * 1024;

/**
 * @internal A stream's credit window on the caller's side (docs/protocol.md 8.3). It starts at
 * the request's credit; consuming half of it grants what was consumed. When the consumer had
 * to wait for an item since the last grant, the next grant doubles the window, up to 1024 items
 * and 1 MiB of items (by the largest seen): a fast consumer is not held back by the grants'
 * round trip through the broker. A slow consumer never waits, so its window never grows.
 * When larger items arrive the cap falls, and a window above it shrinks back (never below the
 * initial credit) by granting less: what the client buffers stays at most the larger of the
 * initial credit and the cap, in items of the size actually seen.
 *
 * Counting alone cannot tell a window that is too small from a server that is slow (both leave
 * the consumer waiting with credit outstanding); growing for a slow server costs nothing until
 * the consumer slows down, and then no more than the cap.
 */
export class StreamWindow {
  readonly #initial: number;
  #size: number;
  /** Credit given to the server so far, the initial credit included. */
  #granted: number;
  /** An item has arrived (waiting for the first is the call's latency, not a small window). */
  #heard = false;
  #consumed = 0;
  /** Credit still to be withheld from later grants, after the window shrank. */
  #owed = 0;
  #largest = 0;
  #starved = false;

  constructor(credit: number) {
    this.#initial = this.#size = this.#granted = credit;
  }

  /** The window now: how many items the server may have sent ahead of the consumer. */
  get size(): number {
    return this.#size;
  }

  /** Credit given to the server so far: the most items an honest server has sent. */
  get granted(): number {
    return this.#granted;
  }

  /** An item of `bytes` arrived. */
  received(bytes: number): void {
    this.#heard = true;
    if (bytes > this.#largest) this.#largest = bytes;
  }

  /** The consumer waits for an item (the first one does not count: that is the call's latency). */
  waiting(): void {
    if (this.#heard) this.#starved = true;
  }

  /** The consumer took an item: returns the credit to grant now, or 0. */
  consumed(): number {
    if (++this.#consumed * 2 < this.#size) return 0;
    const cap = Math.max(this.#initial, Math.min(MAX_WINDOW, Math.floor(MAX_WINDOW_BYTES / Math.max(1, this.#largest))));
    const size = this.#starved ? Math.min(cap, this.#size * 2) : Math.min(cap, this.#size);
    this.#starved = false;
    // Grow: grant the growth too. Shrink: withhold the difference, from this grant and the next.
    this.#owed += this.#size - size;
    this.#size = size;
    let grant = this.#consumed - this.#owed;
    this.#consumed = 0;
    if (grant < 0) {
      this.#owed = -grant;
      grant = 0;
    } else {
      this.#owed = 0;
    }
    this.#granted += grant;
    return grant;
  }
}
