import { DEFAULT_MAX_DEPTH, tooDeep } from '../codec.js';

/**
 * Protobuf binary wire-format writer, used by generated encoders. Growable buffer, varints,
 * zigzag, fixed-width and length-delimited fields; 64-bit integers are bigint.
 */
export class ProtoWriter {
  #buf: Buffer;
  #pos = 0;
  /** Start offsets of open length-delimited fields (see {@link fork}). */
  readonly #forks: number[] = [];
  /** Messages being written around the current position; see {@link enter}. */
  depth = 0;
  /** The most messages that may nest: a deeper value is a DecodeError, not a stack overflow. */
  maxDepth: number;

  constructor(initialSize = 256, maxDepth = DEFAULT_MAX_DEPTH) {
    this.#buf = Buffer.allocUnsafe(initialSize);
    this.maxDepth = maxDepth;
  }

  /**
   * Called by every message encoder before it writes anything (and `depth--` when it
   * returns): one level more than {@link maxDepth} throws, before the recursion goes deeper.
   */
  enter(): void {
    if (++this.depth > this.maxDepth) throw tooDeep(this.maxDepth);
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + n));
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }

  /** Writes a field key: field number and wire type. */
  tag(field: number, wireType: number): this {
    return this.uint32(((field << 3) | wireType) >>> 0);
  }

  uint32(value: number): this {
    this.#ensure(5);
    let v = value >>> 0;
    while (v > 127) {
      this.#buf[this.#pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    this.#buf[this.#pos++] = v;
    return this;
  }

  /** int32: negative values take ten bytes, as the spec requires (sign-extended to 64 bits). */
  int32(value: number): this {
    return value < 0 ? this.#varint64(value >>> 0, 0xffffffff) : this.uint32(value);
  }

  sint32(value: number): this {
    return this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  bool(value: boolean): this {
    this.#ensure(1);
    this.#buf[this.#pos++] = value ? 1 : 0;
    return this;
  }

  int64(value: bigint): this {
    // Most values fit 32 bits: skip the BigInt arithmetic for them.
    if (value >= 0n && value <= 0xffffffffn) return this.uint32(Number(value));
    if (value < 0n && value >= -0x80000000n) return this.#varint64(Number(value) >>> 0, 0xffffffff);
    const v = BigInt.asUintN(64, value);
    return this.#varint64(Number(v & 0xffffffffn), Number(v >> 32n));
  }

  uint64(value: bigint): this {
    return this.int64(value);
  }

  sint64(value: bigint): this {
    const v = BigInt.asIntN(64, value);
    return this.int64((v << 1n) ^ (v >> 63n));
  }

  #varint64(lo: number, hi: number): this {
    this.#ensure(10);
    while (hi !== 0 || lo > 127) {
      this.#buf[this.#pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.#buf[this.#pos++] = lo;
    return this;
  }

  fixed32(value: number): this {
    this.#ensure(4);
    this.#buf.writeUInt32LE(value >>> 0, this.#pos);
    this.#pos += 4;
    return this;
  }

  sfixed32(value: number): this {
    this.#ensure(4);
    this.#buf.writeInt32LE(value | 0, this.#pos);
    this.#pos += 4;
    return this;
  }

  fixed64(value: bigint): this {
    this.#ensure(8);
    this.#buf.writeBigUInt64LE(BigInt.asUintN(64, value), this.#pos);
    this.#pos += 8;
    return this;
  }

  sfixed64(value: bigint): this {
    this.#ensure(8);
    this.#buf.writeBigInt64LE(BigInt.asIntN(64, value), this.#pos);
    this.#pos += 8;
    return this;
  }

  float(value: number): this {
    this.#ensure(4);
    this.#buf.writeFloatLE(value, this.#pos);
    this.#pos += 4;
    return this;
  }

  double(value: number): this {
    this.#ensure(8);
    this.#buf.writeDoubleLE(value, this.#pos);
    this.#pos += 8;
    return this;
  }

  string(value: string): this {
    // Worst case three bytes per UTF-16 unit; write, then fix the length prefix size.
    const max = value.length * 3;
    this.#ensure(max + 5);
    if (max < 128) {
      // Short strings: encoding in JS beats a call into Buffer.write.
      const buf = this.#buf;
      const start = this.#pos;
      let p = start + 1;
      for (let i = 0; i < value.length; i++) {
        let c = value.charCodeAt(i);
        if (c < 0x80) buf[p++] = c;
        else if (c < 0x800) {
          buf[p++] = (c >> 6) | 0xc0;
          buf[p++] = (c & 63) | 0x80;
        } else {
          const next = value.charCodeAt(i + 1);
          if ((c & 0xfc00) === 0xd800 && (next & 0xfc00) === 0xdc00) {
            c = 0x10000 + ((c & 0x3ff) << 10) + (next & 0x3ff);
            i++;
            buf[p++] = (c >> 18) | 0xf0;
            buf[p++] = ((c >> 12) & 63) | 0x80;
          } else {
            if ((c & 0xf800) === 0xd800) c = 0xfffd; // a lone surrogate, as Buffer.write encodes it
            buf[p++] = (c >> 12) | 0xe0;
          }
          buf[p++] = ((c >> 6) & 63) | 0x80;
          buf[p++] = (c & 63) | 0x80;
        }
      }
      buf[start] = p - start - 1;
      this.#pos = p;
      return this;
    }
    const length = Buffer.byteLength(value, 'utf8');
    this.uint32(length);
    this.#pos += this.#buf.write(value, this.#pos, 'utf8');
    return this;
  }

  bytes(value: Uint8Array): this {
    this.uint32(value.length);
    this.#ensure(value.length);
    this.#buf.set(value, this.#pos);
    this.#pos += value.length;
    return this;
  }

  /** Writes bytes as they are, with no tag or length (a field kept whole, see unknown-fields.ts). */
  raw(value: Uint8Array): this {
    this.#ensure(value.length);
    this.#buf.set(value, this.#pos);
    this.#pos += value.length;
    return this;
  }

  /** Opens a length-delimited field (a nested message or packed run); close it with {@link join}. */
  fork(): this {
    this.#ensure(1);
    this.#forks.push(this.#pos);
    this.#pos += 1; // room for a one-byte length; join() makes more room when needed
    return this;
  }

  /** Closes the innermost {@link fork}, writing its length prefix. */
  join(): this {
    const start = this.#forks.pop();
    if (start === undefined) throw new Error('ProtoWriter.join() without fork()');
    const length = this.#pos - start - 1;
    let size = 1;
    for (let v = length >>> 7; v > 0; v >>>= 7) size++;
    if (size > 1) {
      this.#ensure(size - 1);
      this.#buf.copy(this.#buf, start + size, start + 1, this.#pos);
      this.#pos += size - 1;
    }
    let p = start;
    let v = length;
    while (v > 127) {
      this.#buf[p++] = (v & 127) | 128;
      v >>>= 7;
    }
    this.#buf[p] = v;
    return this;
  }

  /** The bytes written so far (a view, not a copy). */
  finish(): Buffer {
    if (this.#forks.length > 0) throw new Error('ProtoWriter.finish() with an open fork()');
    return this.#buf.subarray(0, this.#pos);
  }
}
