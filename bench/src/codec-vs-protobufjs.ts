/**
 * Micro-benchmark behind docs/architecture.md's choice of warren's own protobuf wire
 * reader/writer: encode and decode of the shop contract's messages with warren's generated
 * codecs against protobufjs's reflection codec (what `protobuf.load()` users call), on the
 * same messages, in one process, the cases alternating round by round. Not part of `npm run bench`:
 *   node --import tsx bench/src/codec-vs-protobufjs.ts [rounds]
 * Prints, per message and operation, the median time per operation of `rounds` rounds (and
 * the fastest round), and protobufjs's time as a multiple of warren's (of the medians, and of
 * the fastest rounds, the steadier figure on a busy machine).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { type Codec } from '@warren/runtime';
import { protobufCodec } from '@warren/runtime/codegen';
import { Country } from '../../generated/common/v1/address.js';
import { Product, ProductStatus } from '../../generated/shop/v1/catalog.js';
import { GetOrderRequest, Order, Order_State } from '../../generated/shop/v1/orders.js';
import { median } from './numbers.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// warren/options.proto imports google/protobuf/descriptor.proto, which protobufjs ships as a file.
const protobufjsDir = path.dirname(createRequire(import.meta.url).resolve('protobufjs/package.json'));
const roots = [path.join(repo, 'contracts'), path.join(repo, 'packages/codegen/proto'), protobufjsDir];

/** protobufjs's reflection types for the shop contract, imports resolved as codegen resolves them. */
function loadShop(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const dir of roots) {
      const candidate = path.join(dir, target);
      if (protobuf.util.fs?.existsSync(candidate)) return candidate;
    }
    return target; // google/protobuf/*: protobufjs's bundled copies
  };
  root.loadSync(['shop/v1/orders.proto', 'shop/v1/catalog.proto'], { keepCase: false }).resolveAll();
  return root;
}

const money = (units: bigint) => ({ currencyCode: 'EUR', units, nanos: 500_000_000 });
const address = { lines: ['1 Main Street', 'Flat 2'], postalCode: '75001', city: 'Paris', country: Country.COUNTRY_FR };

const product: Product = {
  sku: 'SKU-123456', name: 'Espresso machine', thumbnail: new Uint8Array(256).fill(7), price: money(249n),
  stockDelta: -3, stock: 120, createdBy: 9_007_199_254_740_993n, views: 123_456_789_012n, ratingDelta: -2,
  balanceChange: -1_000_000_000_000n, checksum: 0xdeadbeef, fingerprint: 0x0123_4567_89ab_cdefn,
  temperatureOffset: -40, ledgerOffset: -5n, weightKg: 7.5, score: 4.25, active: true,
  status: ProductStatus.PRODUCT_STATUS_ACTIVE, tags: ['coffee', 'kitchen', 'gift'], binIds: [1, 2, 3, 400, 50_000],
  dimensionsCm: [30.5, 25, 40.25], history: [ProductStatus.PRODUCT_STATUS_DRAFT, ProductStatus.PRODUCT_STATUS_ACTIVE],
  variants: [
    { sku: 'SKU-123456-R', options: { color: 'red' }, priceDelta: money(10n) },
    { sku: 'SKU-123456-B', options: { color: 'black', size: 'L' } },
  ],
  attributes: { brand: 'Acme', origin: 'IT' }, tierPrices: { 10: money(239n), 100: money(229n) },
  warehouseStock: { '1': true, '2': false }, channelStatus: { web: ProductStatus.PRODUCT_STATUS_ACTIVE },
  subtitle: 'Makes coffee', maxPerOrder: 5, createdAt: new Date(1_700_000_000_123), warranty: { seconds: 63_072_000n, nanos: 0 },
  barcode: '4006381333931', soldTotal: 12_345n, rank: 3, giftWrap: true, discount: 0.1, taxRate: 0.2,
  supplierData: { lead: 'Luca', terms: { days: 30 } }, origin: address, madeIn: Country.COUNTRY_FR,
  legacyCodes: [1, -1, 2, -2], availability: { $case: 'availableFrom', value: new Date(1_700_000_100_000) },
};

const order: Order = {
  id: 9_007_199_254_740_993n,
  state: Order_State.STATE_PLACED,
  items: Array.from({ length: 5 }, (_, i) => ({
    product: { ...protobufCodec(Product).decode(new Uint8Array(0)), sku: `SKU-${i}`, name: `Item ${i}`, price: money(BigInt(10 + i)) },
    quantity: i + 1,
    unitPrice: money(BigInt(10 + i)),
  })),
  total: money(160n),
  placedAt: new Date(1_700_000_000_000),
  shipTo: address,
};

interface Subject {
  readonly name: string;
  readonly warren: Codec<unknown>;
  readonly type: protobuf.Type;
  readonly value: unknown;
}

const shop = loadShop();
const subjects: Subject[] = [
  { name: 'GetOrderRequest', warren: protobufCodec(GetOrderRequest), type: shop.lookupType('shop.v1.GetOrderRequest'), value: { id: 42n } },
  { name: 'Order (5 line items)', warren: protobufCodec(Order), type: shop.lookupType('shop.v1.Order'), value: order },
  { name: 'Product (52 fields)', warren: protobufCodec(Product), type: shop.lookupType('shop.v1.Product'), value: product },
];

interface Case {
  readonly name: string;
  readonly run: (n: number) => void;
  n: number;
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: Uint8Array as never, defaults: true, oneofs: true };
const cases: Case[] = [];
for (const s of subjects) {
  const bytes = s.warren.encode(s.value);
  const message = s.type.decode(bytes); // what a protobufjs user holds: its own message object
  const again = s.type.encode(message).finish();
  // Both sides must be working on the same message: the same wire size either way.
  if (again.length !== bytes.length) throw new Error(`${s.name}: protobufjs re-encodes ${again.length} bytes, warren ${bytes.length}`);
  s.warren.decode(again);
  console.log(`${s.name}: ${bytes.length} bytes`);
  cases.push(
    { name: `${s.name} encode, warren`, n: 1, run: (n) => { for (let i = 0; i < n; i++) s.warren.encode(s.value); } },
    { name: `${s.name} encode, protobufjs`, n: 1, run: (n) => { for (let i = 0; i < n; i++) s.type.encode(message).finish(); } },
    { name: `${s.name} decode, warren`, n: 1, run: (n) => { for (let i = 0; i < n; i++) s.warren.decode(bytes); } },
    { name: `${s.name} decode, protobufjs`, n: 1, run: (n) => { for (let i = 0; i < n; i++) s.type.decode(bytes); } },
    // protobufjs's decode leaves 64-bit integers as Long and Timestamps as messages; a user who
    // wants plain values converts (strings here: protobufjs has no bigint), as warren's decode does.
    { name: `${s.name} decode+toObject, warren`, n: 1, run: (n) => { for (let i = 0; i < n; i++) s.warren.decode(bytes); } },
    { name: `${s.name} decode+toObject, protobufjs`, n: 1, run: (n) => { for (let i = 0; i < n; i++) s.type.toObject(s.type.decode(bytes), TO_OBJECT); } },
  );
}

const time = (c: Case, n: number): number => {
  const start = process.hrtime.bigint();
  c.run(n);
  return Number(process.hrtime.bigint() - start);
};
// Warm-up, and as many operations per round as take about 20 ms.
for (const c of cases) {
  for (let n = 1; ; n *= 2) {
    if (time(c, n) > 10e6) {
      c.n = n * 2;
      break;
    }
  }
}

const rounds = Number(process.argv[2] ?? 21);
const results = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let r = 0; r < rounds; r++) for (const c of cases) results.get(c.name)!.push(time(c, c.n) / c.n);

const { version } = createRequire(import.meta.url)('protobufjs/package.json') as { version: string };
console.log(`node ${process.version}, protobufjs ${version}, ${rounds} rounds; ns per operation: median (fastest round); protobufjs / warren`);
for (let i = 0; i < cases.length; i += 2) {
  const [warren, pjs] = [results.get(cases[i]!.name)!, results.get(cases[i + 1]!.name)!];
  const show = (ns: number[]) => `${median(ns).toFixed(0).padStart(7)} (${Math.min(...ns).toFixed(0)})`;
  console.log(`${cases[i]!.name.replace(', warren', '').padEnd(38)} warren ${show(warren)}   protobufjs ${show(pjs)}   x${(median(pjs) / median(warren)).toFixed(2)} (x${(Math.min(...pjs) / Math.min(...warren)).toFixed(2)})`);
}
