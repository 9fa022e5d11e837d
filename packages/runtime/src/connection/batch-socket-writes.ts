/**
 * @internal Makes amqplib write each batch of frames with one syscall.
 *
 * amqplib's muxer collects the frames of all channels and, once per event-loop turn, writes
 * them to the socket one `write()` at a time. With the socket idle, each `write()` goes
 * straight to the kernel: at 128 calls in flight that is a syscall per publish and per ack.
 * Corking the socket around the muxer's loop turns the batch into a single `writev`. The
 * frames, their order and their timing (same turn) are unchanged.
 *
 * It reaches into amqplib's connection (`connection.muxer._readIncoming`, `muxer.out`);
 * when those are not there (another amqplib version), it does nothing and returns false.
 * test/batch-socket-writes.test.ts pins it: it fails when a real connection is not patched
 * or a burst of publishes is no longer written in a few writes (2 instead of 201 for 200).
 */
export function batchSocketWrites(model: unknown): boolean {
  const muxer = (model as { connection?: { muxer?: Muxer } }).connection?.muxer;
  if (!muxer || typeof muxer._readIncoming !== 'function' || typeof muxer.out?.cork !== 'function') return false;
  const readIncoming = muxer._readIncoming;
  const out = muxer.out;
  muxer._readIncoming = function batched(this: Muxer) {
    out.cork();
    try {
      readIncoming.call(this);
    } finally {
      out.uncork();
    }
  };
  return true;
}

interface Muxer {
  _readIncoming(this: Muxer): void;
  out: { cork(): void; uncork(): void };
}
