import { packAny } from '@warren/runtime';
import { Country } from '../../generated/common/v1/address.js';
import { Money } from '../../generated/common/v1/money.js';
import { ProductStatus, type Product } from '../../generated/shop/v1/catalog.js';

/** A string past 64 KiB: its length prefix takes three bytes. */
export const BIG = 'x'.repeat(70_000) + 'ü';

/** A Product with no field set: what decoding zero bytes gives. */
export function emptyProduct(): Product {
  return {
    sku: '',
    name: '',
    thumbnail: new Uint8Array(0),
    stockDelta: 0,
    stock: 0,
    createdBy: 0n,
    views: 0n,
    ratingDelta: 0,
    balanceChange: 0n,
    checksum: 0,
    fingerprint: 0n,
    temperatureOffset: 0,
    ledgerOffset: 0n,
    weightKg: 0,
    score: 0,
    active: false,
    status: ProductStatus.PRODUCT_STATUS_UNSPECIFIED,
    tags: [],
    binIds: [],
    dimensionsCm: [],
    history: [],
    variants: [],
    attributes: {},
    tierPrices: {},
    warehouseStock: {},
    channelStatus: {},
    madeIn: Country.COUNTRY_UNSPECIFIED,
    legacyCodes: [],
  };
}

/**
 * The samples test/proto/python/product_compat.py builds too, field for field: every scalar at
 * its extremes, unknown enum numbers, -0, NaN, a 70 kB string, packed repeated, maps of every
 * value kind, optional presence, each oneof shape, and every well-known type.
 */
export const PRODUCT_SAMPLES: Record<string, Product> = {
  full: {
    ...emptyProduct(),
    sku: 'SKU-1',
    name: 'Grüner Tee 🍵',
    thumbnail: Uint8Array.from([0, 1, 2, 255]),
    price: { currencyCode: 'EUR', units: -12n, nanos: -500_000_000 },
    stockDelta: -5,
    stock: 4_294_967_295,
    createdBy: -(2n ** 63n),
    views: 2n ** 64n - 1n,
    ratingDelta: -2_147_483_648,
    balanceChange: -(2n ** 63n) + 1n,
    checksum: 4_294_967_295,
    fingerprint: 2n ** 64n - 1n,
    temperatureOffset: -2_147_483_648,
    ledgerOffset: -(2n ** 63n),
    weightKg: 1.5,
    score: -0,
    active: true,
    status: 99 as ProductStatus,
    tags: ['a', '', 'ü', BIG],
    binIds: [1, -1, 2_147_483_647, -2_147_483_648],
    dimensionsCm: [1.5, Number.NaN, Number.POSITIVE_INFINITY, -0],
    history: [ProductStatus.PRODUCT_STATUS_DRAFT, 99 as ProductStatus],
    variants: [
      { sku: 'SKU-1-L', options: { color: 'green', size: 'L' }, priceDelta: { currencyCode: 'EUR', units: 1n, nanos: 0 } },
      { sku: '', options: {} },
    ],
    attributes: { a: '1', b: '' },
    tierPrices: { 1: { currencyCode: 'EUR', units: 10n, nanos: 0 }, 2: { currencyCode: '', units: 0n, nanos: 0 } },
    warehouseStock: { '1': true, '18446744073709551615': false },
    channelStatus: { store: 99 as ProductStatus, web: ProductStatus.PRODUCT_STATUS_ACTIVE },
    subtitle: 'fresh',
    maxPerOrder: -1,
    availability: { $case: 'preorder', value: { shipsAt: new Date(1_709_210_096_789), limit: 0 } },
    createdAt: new Date(-1),
    warranty: { seconds: -1n, nanos: -500_000_000 },
    barcode: '',
    soldTotal: -1n,
    reviews: 2n ** 64n - 1n,
    rank: -7,
    shelf: 0,
    giftWrap: false,
    discount: 0.25,
    taxRate: 0.5,
    signature: Uint8Array.from([0, 115, 105, 103]),
    supplierData: { a: 1, b: 'x', c: null, d: true, e: [1, '2'], f: { g: false } },
    extra: 'text',
    labels: ['x', 2],
    origin: { lines: ['Hauptstr. 1'], postalCode: '10115', city: 'Berlin', country: Country.COUNTRY_DE, phone: '' },
    madeIn: Country.COUNTRY_FR,
    detail: packAny('common.v1.Money', Money, { currencyCode: 'USD', units: 3n, nanos: 0 }),
    updateMask: ['name', 'price.units'],
    legacyCodes: [-1, 0, 5],
  },
  discontinued: {
    ...emptyProduct(),
    availability: { $case: 'discontinued', value: false },
    discount: -0,
    supplierData: {},
    detail: { typeUrl: '', value: new Uint8Array(0) },
    updateMask: [],
    extra: null,
  },
  always: {
    ...emptyProduct(),
    availability: { $case: 'always', value: {} },
    subtitle: '',
    maxPerOrder: 0,
    madeIn: -3 as Country,
  },
  empty: emptyProduct(),
};
