import { DecodeError, DEFAULT_MAX_DEPTH, tooDeep } from '../codec.js';
import { WireType } from './wire-type.js';
import { asBuffer } from '../as-buffer.js';

/** Strict (invalid bytes throw) and keeps a leading byte order mark as a character. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Protobuf binary wire-format reader, used by generated decoders. Every read is bounds
 * checked: truncated or malformed input throws a {@link DecodeError}, never reads past the end.
 */
export class ProtoReader {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;
  /** Messages (and groups) being read around the current position; see {@link enter}. */
  depth = 0;
  /** The most messages that may nest: deeper input is a DecodeError, not a stack overflow. */
  maxDepth: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length, maxDepth = DEFAULT_MAX_DEPTH) {
    this.buf = asBuffer(bytes);
    this.pos = pos;
    this.end = end;
    this.maxDepth = maxDepth;
  }

  /**
   * Called by every message decoder before it reads anything (and `depth--` when it
   * returns): one level more than {@link maxDepth} throws, before the recursion goes deeper.
   */
  enter(): void {
    if (++this.depth > this.maxDepth) throw tooDeep(this.maxDepth);
  }

  #need(n: number): void {
    if (this.pos + n > this.end) throw new DecodeError('', `truncated message: needs ${n} more bytes at offset ${this.pos}`);
  }

  /** Reads a field key; returns [field number, wire type]. */
  tag(): number {
    return this.uint32();
  }

  uint32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= this.end) throw new DecodeError('', `truncated varint at offset ${this.pos}`);
      const b = this.buf[this.pos++]!;
      result |= (b & 127) << shift;
      if (b < 128) return result >>> 0;
    }
    // Longer varints (negative int32 on the wire): skip the high bytes, keep the low 32 bits.
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw new DecodeError('', `truncated varint at offset ${this.pos}`);
      if (this.buf[this.pos++]! < 128) return result >>> 0;
    }
    throw new DecodeError('', `varint longer than 10 bytes at offset ${this.pos}`);
  }

  int32(): number {
    return this.uint32() | 0;
  }

  sint32(): number {
    const v = this.uint32();
    return (v >>> 1) ^ -(v & 1);
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  /** The low and high 32 bits of the next varint, in `#lo` and `#hi`. */
  #lo = 0;
  #hi = 0;

  #varint64(): void {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new DecodeError('', `truncated varint at offset ${this.pos}`);
      const b = this.buf[this.pos++]!;
      if (i < 4) lo |= (b & 127) << (i * 7);
      else if (i === 4) {
        lo |= (b & 15) << 28;
        hi |= (b & 127) >> 4;
      } else hi |= (b & 127) << (i * 7 - 32);
      if (b < 128) {
        this.#lo = lo >>> 0;
        this.#hi = hi >>> 0;
        return;
      }
    }
    throw new DecodeError('', `varint longer than 10 bytes at offset ${this.pos}`);
  }

  int64(): bigint {
    this.#varint64();
    // Values that fit 32 bits (most of them) need no BigInt arithmetic.
    if (this.#hi === 0) return BigInt(this.#lo);
    if (this.#hi === 0xffffffff && this.#lo >= 0x80000000) return BigInt(this.#lo | 0);
    return BigInt.asIntN(64, (BigInt(this.#hi) << 32n) | BigInt(this.#lo));
  }

  uint64(): bigint {
    this.#varint64();
    if (this.#hi === 0) return BigInt(this.#lo);
    return (BigInt(this.#hi) << 32n) | BigInt(this.#lo);
  }

  sint64(): bigint {
    this.#varint64();
    const lo = this.#lo;
    const hi = this.#hi;
    if (hi === 0) return lo & 1 ? -BigInt((lo >>> 1) + 1) : BigInt(lo >>> 1);
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    return BigInt.asIntN(64, (v >> 1n) ^ -(v & 1n));
  }

  fixed32(): number {
    this.#need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  sfixed32(): number {
    this.#need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  fixed64(): bigint {
    this.#need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  sfixed64(): bigint {
    this.#need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  float(): number {
    this.#need(4);
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  double(): number {
    this.#need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads a length prefix and returns the end offset of the field it announces. */
  delimited(): number {
    const length = this.uint32();
    this.#need(length);
    return this.pos + length;
  }

  string(): string {
    const end = this.delimited();
    const buf = this.buf;
    let value = '';
    if (end - this.pos <= 32) {
      // Short ASCII strings: decoding in JS beats a call into Buffer.toString.
      let p = this.pos;
      for (; p < end; p++) {
        const c = buf[p]!;
        if (c >= 0x80) break;
        value += String.fromCharCode(c);
      }
      if (p === end) {
        this.pos = end;
        return value;
      }
    }
    try {
      value = UTF8.decode(buf.subarray(this.pos, end));
    } catch {
      // proto3 strings are valid UTF-8; protoc's parsers reject anything else too.
      throw new DecodeError('', `invalid UTF-8 in a string at offset ${this.pos}`);
    }
    this.pos = end;
    return value;
  }

  /** A copy, so the message does not pin the whole AMQP frame in memory. */
  bytes(): Uint8Array {
    const end = this.delimited();
    const value = new Uint8Array(this.buf.subarray(this.pos, end));
    this.pos = end;
    return value;
  }

  /** Skips a field of the given wire type (generated decoders keep unknown fields: see unknown-fields.ts). */
  skip(wireType: number, field: number): void {
    if (field === 0) throw new DecodeError('', `invalid field number 0 at offset ${this.pos}`);
    switch (wireType) {
      case WireType.varint:
        this.#varint64();
        return;
      case WireType.fixed64:
        this.#need(8);
        this.pos += 8;
        return;
      case WireType.lengthDelimited:
        this.pos = this.delimited();
        return;
      case WireType.startGroup:
        // Groups nest by recursion here: they count against the depth limit like messages.
        this.enter();
        for (;;) {
          const key = this.uint32();
          if ((key & 7) === WireType.endGroup) {
            if (key >>> 3 !== field) throw new DecodeError('', `mismatched end group at offset ${this.pos}`);
            this.depth--;
            return;
          }
          this.skip(key & 7, key >>> 3);
        }
      case WireType.fixed32:
        this.#need(4);
        this.pos += 4;
        return;
      default:
        throw new DecodeError('', `invalid wire type ${wireType} at offset ${this.pos}`);
    }
  }
}
