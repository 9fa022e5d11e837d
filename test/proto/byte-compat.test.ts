import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { protobufCodec } from '@warren/runtime/codegen';
import { Product } from '../../generated/shop/v1/catalog.js';
import { PRODUCT_SAMPLES } from './product-samples.js';
import { PYTHON, protocPython, run } from './protoc-python.js';

// The arbiter of byte compatibility: protoc-generated Python classes (python3-protobuf, C++
// backend) encode the same values and parse warren's bytes.
describe('warren protobuf bytes equal protoc-generated Python bytes', () => {
  const codec = protobufCodec(Product);
  let compiled: { dir: string; cleanup: () => void };
  let report: Record<string, { sameBytes: boolean; reencodedSame: boolean; oneof: string | null; hasSubtitle: boolean; status: number; firstDiff: number | null; lengths: number[] }>;

  before(() => {
    compiled = protocPython(['common/v1/money.proto', 'common/v1/address.proto', 'shop/v1/catalog.proto']);
    for (const [name, value] of Object.entries(PRODUCT_SAMPLES)) {
      writeFileSync(path.join(compiled.dir, `warren-${name}.bin`), codec.encode(value));
    }
    const script = path.join(import.meta.dirname, 'python', 'product_compat.py');
    report = JSON.parse(run(PYTHON, [script, compiled.dir, compiled.dir])) as typeof report;
  });

  after(() => compiled?.cleanup());

  for (const name of Object.keys(PRODUCT_SAMPLES)) {
    it(`${name}: warren writes exactly the bytes Python writes`, () => {
      const r = report[name]!;
      assert.ok(r.sameBytes, `bytes differ at offset ${r.firstDiff} (python ${r.lengths[0]} bytes, warren ${r.lengths[1]})`);
    });

    it(`${name}: Python parses warren's bytes and re-encodes them unchanged`, () => {
      assert.ok(report[name]!.reencodedSame);
    });

    it(`${name}: warren decodes Python's bytes into the same value`, () => {
      const bytes = readFileSync(path.join(compiled.dir, `python-${name}.bin`));
      assert.deepStrictEqual(codec.decode(bytes), PRODUCT_SAMPLES[name]);
    });
  }

  it('Python sees the oneof member, optional presence and the unknown enum number', () => {
    assert.equal(report['full']!.oneof, 'preorder');
    assert.equal(report['discontinued']!.oneof, 'discontinued');
    assert.equal(report['always']!.oneof, 'always');
    assert.equal(report['empty']!.oneof, null);
    assert.equal(report['always']!.hasSubtitle, true);
    assert.equal(report['empty']!.hasSubtitle, false);
    assert.equal(report['full']!.status, 99);
  });
});
