import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '../src/codec.js';
import { ProtoReader } from '../src/protobuf/proto-reader.js';
import { ProtoWriter } from '../src/protobuf/proto-writer.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const write = (fn: (w: ProtoWriter) => void) => {
  const w = new ProtoWriter(4);
  fn(w);
  return w.finish();
};

describe('ProtoWriter and ProtoReader follow the protobuf wire format', () => {
  it('writes a negative int32 as a ten-byte varint, sign-extended to 64 bits', () => {
    assert.equal(hex(write((w) => w.int32(-1))), 'ffffffffffffffffff01');
    assert.equal(hex(write((w) => w.int32(-2_147_483_648))), '80808080f8ffffffff01');
    assert.equal(new ProtoReader(write((w) => w.int32(-2_147_483_648))).int32(), -2_147_483_648);
    assert.equal(new ProtoReader(Buffer.from('ffffffffffffffffff01', 'hex')).int32(), -1);
  });

  it('round-trips 64-bit integers at their limits', () => {
    for (const v of [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      assert.equal(new ProtoReader(write((w) => w.int64(v))).int64(), v);
      assert.equal(new ProtoReader(write((w) => w.sint64(v))).sint64(), v);
      assert.equal(new ProtoReader(write((w) => w.sfixed64(v))).sfixed64(), v);
    }
    for (const v of [0n, 1n, 2n ** 32n, 2n ** 64n - 1n]) {
      assert.equal(new ProtoReader(write((w) => w.uint64(v))).uint64(), v);
      assert.equal(new ProtoReader(write((w) => w.fixed64(v))).fixed64(), v);
    }
    assert.equal(hex(write((w) => w.uint64(2n ** 64n - 1n))), 'ffffffffffffffffff01');
  });

  it('zigzags sint32 and sint64 as the spec tabulates', () => {
    const table: [number, string][] = [[0, '00'], [-1, '01'], [1, '02'], [-2, '03'], [2_147_483_647, 'feffffff0f'], [-2_147_483_648, 'ffffffff0f']];
    for (const [v, bytes] of table) {
      assert.equal(hex(write((w) => w.sint32(v))), bytes);
      assert.equal(new ProtoReader(Buffer.from(bytes, 'hex')).sint32(), v);
      assert.equal(hex(write((w) => w.sint64(BigInt(v)))), bytes);
    }
  });

  it('keeps -0 and NaN in doubles and floats', () => {
    assert.equal(hex(write((w) => w.double(-0))), '0000000000000080');
    assert.ok(Object.is(new ProtoReader(write((w) => w.double(-0))).double(), -0));
    assert.ok(Number.isNaN(new ProtoReader(write((w) => w.double(Number.NaN))).double()));
    assert.ok(Object.is(new ProtoReader(write((w) => w.float(-0))).float(), -0));
  });

  it('writes length prefixes of one, two and three bytes for nested and long fields', () => {
    for (const n of [0, 127, 128, 16_383, 16_384, 70_000]) {
      const bytes = write((w) => {
        w.uint32(10).fork().uint32(18).fork();
        w.bytes(new Uint8Array(n).fill(7));
        w.join().join().uint32(16).uint32(1);
      });
      const r = new ProtoReader(bytes);
      assert.equal(r.uint32(), 10);
      const outerEnd = r.delimited();
      assert.equal(r.uint32(), 18);
      assert.equal(r.delimited(), outerEnd);
      assert.deepEqual(r.bytes(), new Uint8Array(n).fill(7));
      assert.equal(r.pos, outerEnd);
      assert.equal(r.uint32(), 16);
      assert.equal(r.uint32(), 1);
      assert.equal(r.pos, bytes.length);
    }
  });

  it('writes strings as UTF-8 with exact lengths, short and past 64 KiB', () => {
    for (const s of ['', 'a', 'ü🍵', 'x'.repeat(42) + '🍵', 'é'.repeat(70_000)]) {
      const bytes = write((w) => w.string(s));
      const r = new ProtoReader(bytes);
      assert.equal(r.string(), s);
      assert.equal(r.pos, bytes.length);
    }
  });

  it('encodes any string exactly as Buffer does, lone surrogates included, and reads it back', () => {
    const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 50 }));
    fc.assert(
      fc.property(anyString, (s) => {
        const utf8 = Buffer.from(s, 'utf8');
        const bytes = write((w) => w.string(s));
        assert.deepEqual(bytes, Buffer.concat([write((w) => w.uint32(utf8.length)), utf8]));
        assert.equal(new ProtoReader(bytes).string(), utf8.toString('utf8'));
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps a byte order mark at the start of a string', () => {
    assert.equal(new ProtoReader(Buffer.from('06efbbbf68c3a9', 'hex')).string(), '\ufeffhé');
  });

  it('encodes 64-bit integers on the 32-bit fast paths as on the general path', () => {
    const int64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 33n), max: 2n ** 33n }));
    // The reference: ten 7-bit groups of the two's complement, as the spec describes.
    const reference = (v: bigint) => {
      let u = BigInt.asUintN(64, v);
      const out: number[] = [];
      while (u > 127n) {
        out.push(Number(u & 127n) | 128);
        u >>= 7n;
      }
      out.push(Number(u));
      return Buffer.from(out).toString('hex');
    };
    fc.assert(
      fc.property(int64, (v) => {
        assert.equal(hex(write((w) => w.int64(v))), reference(v));
        assert.equal(new ProtoReader(write((w) => w.int64(v))).int64(), v);
        assert.equal(new ProtoReader(write((w) => w.sint64(v))).sint64(), v);
        assert.equal(hex(write((w) => w.sint64(v))), reference(BigInt.asIntN(64, (v << 1n) ^ (v >> 63n))));
        const u = BigInt.asUintN(64, v);
        assert.equal(new ProtoReader(write((w) => w.uint64(u))).uint64(), u);
      }),
      { numRuns: 2_000 },
    );
  });

  it('fails with a DecodeError on truncated input, overlong varints, field 0 and bad wire types', () => {
    const bad: [string, (r: ProtoReader) => unknown, RegExp][] = [
      ['ff', (r) => r.uint32(), /truncated varint/],
      ['ffffffffffffffffffff01', (r) => r.int64(), /longer than 10 bytes/],
      ['0561', (r) => r.string(), /truncated message/],
      ['000000', (r) => r.double(), /truncated message/],
      ['', (r) => r.skip(0, 0), /invalid field number 0/],
      ['', (r) => r.skip(6, 1), /invalid wire type 6/],
      ['0c', (r) => r.skip(3, 2), /mismatched end group/],
      ['03c328ff', (r) => r.string(), /invalid UTF-8/],
      ['02eda080', (r) => r.string(), /truncated message|invalid UTF-8/],
    ];
    for (const [bytes, read, pattern] of bad) {
      assert.throws(() => read(new ProtoReader(Buffer.from(bytes, 'hex'))), (err: unknown) => {
        assert.ok(err instanceof DecodeError, String(err));
        assert.match(err.message, pattern);
        return true;
      });
    }
  });

  it('skips unknown fields of every wire type, groups included', () => {
    // field 1 varint, 2 fixed64, 3 bytes, 4 group holding field 1, 5 fixed32, then field 6 = 1
    const bytes = Buffer.from(['089601', '110000000000000000', '1a026869', '23080124', '2d00000000', '3001'].join(''), 'hex');
    const r = new ProtoReader(bytes);
    for (;;) {
      const key = r.uint32();
      if (key >>> 3 === 6) break;
      r.skip(key & 7, key >>> 3);
    }
    assert.equal(r.uint32(), 1);
    assert.equal(r.pos, bytes.length);
  });
});
