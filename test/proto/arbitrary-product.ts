import fc from 'fast-check';
import type { JsonObject, JsonValue } from '@warren/runtime';
import type { Money } from '../../generated/common/v1/money.js';
import type { Address } from '../../generated/common/v1/address.js';
import type { Product, Product_Preorder, Product_Variant } from '../../generated/shop/v1/catalog.js';

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const uint32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
/** Any 32-bit float, NaN and -0 included. */
const float = fc.float();
const double = fc.double();
/** Valid Unicode (no lone surrogates, which UTF-8 cannot carry). */
const text = fc.string({ unit: 'binary', maxLength: 40 });
const bytes = fc.uint8Array({ maxLength: 40 });
/** Known enum numbers and unknown ones (negative too): proto3 keeps both. */
const enumNumber = fc.integer({ min: -3, max: 120 });
/** Timestamp's range: years 1 to 9999. */
const date = fc.date({ min: new Date(-62_135_596_800_000), max: new Date(253_402_300_799_999), noInvalidDate: true });
const json: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 2 }).map((v) => plain(v as JsonValue));
const jsonObject: fc.Arbitrary<JsonObject> = dictionary(text, json, 4);

/**
 * fast-check builds objects without a prototype; decoded messages are plain objects, and
 * deepStrictEqual compares prototypes. Copies keep `__proto__` keys as own properties.
 */
function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plain) as T;
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(copy, k, { value: plain(v), enumerable: true, writable: true, configurable: true });
  return copy as T;
}

function dictionary<V>(key: fc.Arbitrary<string>, value: fc.Arbitrary<V>, maxKeys: number): fc.Arbitrary<Record<string, V>> {
  return fc.dictionary(key, value, { maxKeys }).map(plain);
}

/** A record whose optional keys are absent rather than undefined, as decoding leaves them. */
function message<T>(required: { [K in keyof T]-?: fc.Arbitrary<T[K]> }, optional: string[]): fc.Arbitrary<T> {
  const keys = Object.keys(required).filter((k) => !optional.includes(k)) as (keyof T)[];
  return (fc.record(required, { requiredKeys: keys }) as fc.Arbitrary<T>).map((v) => ({ ...v }));
}

const money: fc.Arbitrary<Money> = message<Money>({ currencyCode: text, units: int64, nanos: int32 }, []);

const address: fc.Arbitrary<Address> = message<Address>(
  { lines: fc.array(text, { maxLength: 3 }), postalCode: text, city: text, country: enumNumber, phone: text },
  ['phone'],
);

const variant: fc.Arbitrary<Product_Variant> = message<Product_Variant>(
  { sku: text, options: dictionary(text, text, 3), priceDelta: money },
  ['priceDelta'],
);

const preorder: fc.Arbitrary<Product_Preorder> = message<Product_Preorder>({ shipsAt: date, limit: uint32 }, ['shipsAt']);

const availability: fc.Arbitrary<Product['availability']> = fc.oneof(
  fc.record({ $case: fc.constant('availableFrom' as const), value: date }).map((v) => ({ ...v })),
  fc.record({ $case: fc.constant('discontinued' as const), value: fc.boolean() }).map((v) => ({ ...v })),
  fc.record({ $case: fc.constant('preorder' as const), value: preorder }).map((v) => ({ ...v })),
  fc.record({ $case: fc.constant('always' as const), value: fc.constant({}) }).map((v) => ({ ...v, value: {} })),
);

const OPTIONAL: string[] = [
  'price', 'subtitle', 'maxPerOrder', 'availability', 'createdAt', 'warranty', 'barcode', 'soldTotal', 'reviews',
  'rank', 'shelf', 'giftWrap', 'discount', 'taxRate', 'signature', 'supplierData', 'extra', 'labels', 'origin',
  'detail', 'updateMask',
];

/** Random shop.v1.Product values over every field kind, at their extremes. */
export const arbitraryProduct: fc.Arbitrary<Product> = message<Product>(
  {
    sku: text,
    name: text,
    thumbnail: bytes,
    price: money,
    stockDelta: int32,
    stock: uint32,
    createdBy: int64,
    views: uint64,
    ratingDelta: int32,
    balanceChange: int64,
    checksum: uint32,
    fingerprint: uint64,
    temperatureOffset: int32,
    ledgerOffset: int64,
    weightKg: float,
    score: double,
    active: fc.boolean(),
    status: enumNumber,
    tags: fc.array(text, { maxLength: 4 }),
    binIds: fc.array(int32, { maxLength: 4 }),
    dimensionsCm: fc.array(double, { maxLength: 4 }),
    history: fc.array(enumNumber, { maxLength: 4 }),
    variants: fc.array(variant, { maxLength: 2 }),
    attributes: dictionary(text, text, 3),
    tierPrices: dictionary(int32.map(String), money, 3) as fc.Arbitrary<Record<number, Money>>,
    warehouseStock: dictionary(uint64.map(String), fc.boolean(), 3),
    channelStatus: dictionary(text, enumNumber, 3),
    subtitle: text,
    maxPerOrder: int32,
    availability,
    createdAt: date,
    warranty: message({ seconds: fc.bigInt({ min: -315_576_000_000n, max: 315_576_000_000n }), nanos: fc.integer({ min: -999_999_999, max: 999_999_999 }) }, []),
    barcode: text,
    soldTotal: int64,
    reviews: uint64,
    rank: int32,
    shelf: uint32,
    giftWrap: fc.boolean(),
    discount: double,
    taxRate: float,
    signature: bytes,
    supplierData: jsonObject,
    extra: json,
    labels: fc.array(json, { maxLength: 3 }),
    origin: address,
    madeIn: enumNumber,
    detail: message({ typeUrl: text, value: bytes }, []),
    updateMask: fc.array(text, { maxLength: 3 }),
    legacyCodes: fc.array(int32, { maxLength: 4 }),
  },
  OPTIONAL,
);
