import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError, packAny, unknownFields, unpackAny } from '@warren/runtime';
import { ProtoWriter, protobufCodec } from '@warren/runtime/codegen';
import { Money } from '../../generated/common/v1/money.js';
import { Product, ProductStatus } from '../../generated/shop/v1/catalog.js';
import { Order } from '../../generated/shop/v1/orders.js';
import { emptyProduct } from './product-samples.js';

const product = protobufCodec(Product);

function bytes(fn: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter();
  fn(w);
  return w.finish();
}

describe('generated decoders handle what other encoders may send', () => {
  it('reads repeated numbers packed and unpacked, even mixed in one message', () => {
    const encoded = bytes((w) => {
      w.uint32((20 << 3) | 0).int32(-1); // bin_ids unpacked
      w.uint32((20 << 3) | 2).fork().int32(2).int32(3).join(); // bin_ids packed
      w.uint32((21 << 3) | 1).double(1.5); // dimensions_cm unpacked
      w.uint32((22 << 3) | 0).int32(2); // history (enum) unpacked
      w.uint32((22 << 3) | 2).fork().int32(77).join(); // history packed, unknown value
    });
    const decoded = product.decode(encoded);
    assert.deepEqual(decoded.binIds, [-1, 2, 3]);
    assert.deepEqual(decoded.dimensionsCm, [1.5]);
    assert.deepEqual(decoded.history, [ProductStatus.PRODUCT_STATUS_ACTIVE, 77]);
  });

  it('gives map entries without a key or a value their defaults (an empty message for message values)', () => {
    const encoded = bytes((w) => {
      w.uint32((24 << 3) | 2).fork().uint32(18).string('no key').join(); // attributes: value only
      w.uint32((24 << 3) | 2).fork().uint32(10).string('k').join(); // attributes: key only
      w.uint32((25 << 3) | 2).fork().uint32(8).int32(-4).join(); // tier_prices: key only
      w.uint32((26 << 3) | 2).fork().join(); // warehouse_stock: neither
      w.uint32((27 << 3) | 2).fork().uint32(10).string('web').uint32(99 << 3).int32(1).join(); // unknown entry field
    });
    const decoded = product.decode(encoded);
    assert.deepStrictEqual(decoded.attributes, { '': 'no key', k: '' });
    assert.deepStrictEqual(decoded.tierPrices, { [-4]: { currencyCode: '', units: 0n, nanos: 0 } });
    assert.deepStrictEqual(decoded.warehouseStock, { '0': false });
    assert.deepStrictEqual(decoded.channelStatus, { web: ProductStatus.PRODUCT_STATUS_UNSPECIFIED });
  });

  it('keeps a __proto__ map key as an own entry, never as the prototype', () => {
    const encoded = bytes((w) => w.uint32((24 << 3) | 2).fork().uint32(10).string('__proto__').uint32(18).string('x').join());
    const decoded = product.decode(encoded);
    assert.equal(Object.getPrototypeOf(decoded.attributes), Object.prototype);
    assert.deepEqual(Object.entries(decoded.attributes), [['__proto__', 'x']]);
    assert.deepEqual(product.decode(product.encode(decoded)).attributes, decoded.attributes);
  });

  it('takes the last value of a repeated scalar field and the last oneof member, as protobuf merges', () => {
    const encoded = bytes((w) => {
      w.uint32(10).string('first');
      w.uint32((31 << 3) | 0).bool(true); // discontinued
      w.uint32(10).string('second');
      w.uint32((33 << 3) | 2).fork().join(); // always: the last member wins
    });
    const decoded = product.decode(encoded);
    assert.equal(decoded.sku, 'second');
    assert.deepStrictEqual(decoded.availability, { $case: 'always', value: {} });
  });

  it('merges a message field that occurs twice, as protobuf does (concatenated messages)', () => {
    const first = product.encode({ ...emptyProduct(), price: { currencyCode: 'EUR', units: 1n, nanos: 0 }, variants: [{ sku: 'a', options: {} }], availability: { $case: 'preorder', value: { limit: 5 } } });
    const second = product.encode({ ...emptyProduct(), price: { currencyCode: '', units: 0n, nanos: 7 }, variants: [{ sku: 'b', options: {} }], availability: { $case: 'preorder', value: { shipsAt: new Date(0), limit: 0 } } });
    const merged = product.decode(Buffer.concat([first, second]));
    assert.deepStrictEqual(merged.price, { currencyCode: 'EUR', units: 1n, nanos: 7 });
    assert.deepStrictEqual(merged.variants.map((v) => v.sku), ['a', 'b']);
    assert.deepStrictEqual(merged.availability, { $case: 'preorder', value: { limit: 5, shipsAt: new Date(0) } });
  });

  it('skips fields it does not know, and fields sent with another wire type', () => {
    const encoded = bytes((w) => {
      w.uint32((500 << 3) | 2).string('from a newer contract');
      w.uint32((1 << 3) | 0).uint32(5); // sku sent as a varint: not the sku field
      w.uint32((2 << 3) | 2).string('kept');
    });
    assert.deepStrictEqual(product.decode(encoded), { ...emptyProduct(), name: 'kept' });
  });

  it('names the path of a bad nested field: items[3].unitPrice.currencyCode', () => {
    const order = protobufCodec(Order);
    const encoded = bytes((w) => {
      for (let i = 0; i < 3; i++) w.uint32((3 << 3) | 2).fork().uint32(16).uint32(1).join();
      w.uint32((3 << 3) | 2).fork(); // items[3]
      w.uint32((3 << 3) | 2).fork(); // unit_price
      w.uint32(10).uint32(50); // currency_code announces 50 bytes that never come
      w.join().join();
    });
    assert.throws(() => order.decode(encoded), (err: unknown) => {
      assert.ok(err instanceof DecodeError, String(err));
      assert.equal(err.path, 'items[3].unitPrice.currencyCode');
      assert.match(err.message, /^items\[3\]\.unitPrice\.currencyCode: truncated message/);
      return true;
    });
  });

  it('packs a message into google.protobuf.Any and unpacks it by type name', () => {
    const money = { currencyCode: 'EUR', units: -5n, nanos: -1 };
    const any = packAny('common.v1.Money', Money, money);
    assert.equal(any.typeUrl, 'type.googleapis.com/common.v1.Money');
    assert.deepStrictEqual(unpackAny(any, 'common.v1.Money', Money), money);
    assert.equal(unpackAny(any, 'shop.v1.Product', Product), undefined);
    const decoded = product.decode(product.encode({ ...emptyProduct(), detail: any }));
    assert.deepStrictEqual(unpackAny(decoded.detail!, 'common.v1.Money', Money), money);
  });

  it('rejects a message whose last field overruns it', () => {
    const encoded = Buffer.from([0x0a, 0x05, 0x61]); // sku: 5 bytes announced, 1 present
    assert.throws(() => product.decode(encoded), (err: unknown) => err instanceof DecodeError && err.path === 'sku');
  });
});

describe('fields a contract does not declare survive a decode and encode (protobuf 3.5+)', () => {
  /** Fields from a newer contract: one of each wire type, numbers Product does not use. */
  const newer = (w: ProtoWriter) => {
    w.uint32((500 << 3) | 2).string('from a newer contract');
    w.uint32((501 << 3) | 0).uint32(300);
    w.uint32((502 << 3) | 5).fixed32(7);
    w.uint32((503 << 3) | 1).fixed64(9n);
  };

  it('keeps them on the message, out of sight, and writes them back byte for byte', () => {
    const encoded = bytes((w) => {
      w.uint32((2 << 3) | 2).string('kept');
      newer(w);
    });
    const decoded = product.decode(encoded);
    assert.deepStrictEqual(decoded, { ...emptyProduct(), name: 'kept' }, 'not an enumerable property');
    const json = JSON.stringify(decoded, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    assert.equal(json.includes('newer'), false, 'not in JSON');
    assert.equal(Object.getOwnPropertySymbols({ ...decoded }).length, 0, 'not copied by a spread');
    assert.equal(unknownFields(decoded).length, 4);
    assert.deepStrictEqual(Buffer.from(product.encode(decoded)), Buffer.from(encoded));
  });

  it('keeps them in nested messages and list items too, and after them the known fields change', () => {
    const encoded = bytes((w) => {
      newer(w); // before the known fields: re-encoded after them, same meaning
      w.uint32((23 << 3) | 2).fork().uint32(10).string('v1').uint32((77 << 3) | 0).uint32(1).join(); // variants[0] with field 77
    });
    const decoded = product.decode(encoded);
    decoded.name = 'renamed';
    const again = product.decode(product.encode(decoded));
    assert.equal(again.name, 'renamed');
    assert.equal(again.variants[0]!.sku, 'v1');
    assert.equal(unknownFields(again).length, 4);
    assert.deepStrictEqual(unknownFields(again.variants[0]!).map((f) => [...f]), [[(77 << 3) & 0x7f | 0x80, 77 >> 4, 1]]);
  });

  it('a message built in code has none', () => {
    assert.deepStrictEqual(unknownFields(emptyProduct()), []);
    const money = protobufCodec(Money);
    const decoded = money.decode(money.encode({ currencyCode: 'EUR', units: 1n, nanos: 0 }));
    assert.deepStrictEqual(unknownFields(decoded), []);
  });
});

