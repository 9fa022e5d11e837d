/**
 * @internal A Buffer over the same memory as `bytes` (no copy): amqplib and Node's socket
 * want Buffers, users and codecs hand over Uint8Arrays.
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
