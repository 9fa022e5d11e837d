/**
 * @internal Splits a batch message's body (docs/protocol.md 8.2) into its `count` items: each
 * a 4-byte big-endian length, then that many bytes, filling the body exactly. The items are
 * views of `body`, not copies. Throws, saying where, on a body that does not hold exactly that.
 */
export function readStreamBatch(body: Buffer, count: number): Buffer[] {
  const items: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 4 > body.length) throw new Error(`batch of ${count} items ends after ${i} (body ${body.length} bytes)`);
    const length = body.readUInt32BE(at);
    if (at + 4 + length > body.length) {
      throw new Error(`batch item ${i} claims ${length} bytes at offset ${at + 4}, past the body's end (${body.length} bytes)`);
    }
    items.push(body.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (at !== body.length) throw new Error(`batch of ${count} items has ${body.length - at} bytes left over`);
  return items;
}
