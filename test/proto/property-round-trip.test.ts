import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '@warren/runtime';
import { protobufCodec } from '@warren/runtime/codegen';
import { Product } from '../../generated/shop/v1/catalog.js';
import { Order } from '../../generated/shop/v1/orders.js';
import { arbitraryProduct } from './arbitrary-product.js';
import { PYTHON, protocPython, run } from './protoc-python.js';

const codec = protobufCodec(Product);

describe('property: generated protobuf codecs round-trip random messages', () => {
  it('decode(encode(product)) equals product', () => {
    fc.assert(
      fc.property(arbitraryProduct, (product) => {
        assert.deepStrictEqual(codec.decode(codec.encode(product)), product);
      }),
      { numRuns: 300 },
    );
  });

  it('encoding is deterministic and decoding then encoding gives the same bytes', () => {
    fc.assert(
      fc.property(arbitraryProduct, (product) => {
        const bytes = codec.encode(product);
        assert.deepStrictEqual(codec.encode(codec.decode(bytes)), bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('any byte string decodes or fails with a DecodeError, nothing else', () => {
    const orderCodec = protobufCodec(Order);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const c of [codec, orderCodec]) {
          try {
            c.decode(bytes);
          } catch (err) {
            assert.ok(err instanceof DecodeError, `not a DecodeError: ${String(err)}`);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('protoc-generated Python parses 60 random products and re-encodes them to the same values', () => {
    const products = fc.sample(arbitraryProduct, { numRuns: 60, seed: 4 });
    const compiled = protocPython(['common/v1/money.proto', 'common/v1/address.proto', 'shop/v1/catalog.proto']);
    try {
      const input = path.join(compiled.dir, 'random.in');
      const output = path.join(compiled.dir, 'random.out');
      // length-prefixed frames, both ways
      const frames = products.map((p) => codec.encode(p));
      writeFileSync(input, Buffer.concat(frames.flatMap((f) => [u32(f.length), f])));
      const script = `
import sys
sys.path.insert(0, sys.argv[1])
from shop.v1 import catalog_pb2
data = open(sys.argv[2], "rb").read()
out = bytearray()
pos = 0
while pos < len(data):
    n = int.from_bytes(data[pos:pos + 4], "little"); pos += 4
    p = catalog_pb2.Product(); p.ParseFromString(data[pos:pos + n]); pos += n
    b = p.SerializeToString()
    out += len(b).to_bytes(4, "little") + b
open(sys.argv[3], "wb").write(bytes(out))
`;
      run(PYTHON, ['-c', script, compiled.dir, input, output]);
      const back = readFileSync(output);
      let pos = 0;
      for (const product of products) {
        const n = back.readUInt32LE(pos);
        pos += 4;
        assert.deepStrictEqual(codec.decode(back.subarray(pos, pos + n)), product);
        pos += n;
      }
      assert.equal(pos, back.length);
    } finally {
      compiled.cleanup();
    }
  });
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
