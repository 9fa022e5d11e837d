/** @internal Most bytes a batch message's body holds (warren's choice; docs/protocol.md 8.2). */
export const BATCH_MAX_BYTES = 64 * 1024;
/** @internal Most items a batch message holds. */
export const BATCH_MAX_ITEMS = 1000;

/**
 * @internal The items of a stream waiting to go out together as one batch message
 * (docs/protocol.md 8.2): each framed as a 4-byte big-endian length, then the encoded item.
 * Framing is done when the batch is sent, into one buffer, so an item is copied once.
 */
export class StreamBatch {
  readonly #items: Buffer[] = [];
  #bytes = 0;

  get size(): number {
    return this.#items.length;
  }

  /** Whether `item` still fits, by the byte and count limits (an empty batch takes anything). */
  fits(item: Buffer): boolean {
    if (this.#items.length === 0) return true;
    return this.#items.length < BATCH_MAX_ITEMS && this.#bytes + 4 + item.length <= BATCH_MAX_BYTES;
  }

  add(item: Buffer): void {
    this.#items.push(item);
    this.#bytes += 4 + item.length;
  }

  /** The only item (a batch of one goes as a plain data message). */
  only(): Buffer {
    return this.#items[0]!;
  }

  /** The framed body. */
  frame(): Buffer {
    const body = Buffer.allocUnsafe(this.#bytes);
    let at = 0;
    for (const item of this.#items) {
      body.writeUInt32BE(item.length, at);
      item.copy(body, at + 4);
      at += 4 + item.length;
    }
    return body;
  }

  clear(): void {
    this.#items.length = 0;
    this.#bytes = 0;
  }
}
