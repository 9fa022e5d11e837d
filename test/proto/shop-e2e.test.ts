import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConsumeMessage } from 'amqplib';
import { RpcError, type Connection, type Server } from '@warren/runtime';
import { ProtoWriter } from '@warren/runtime/codegen';
import { Country } from '../../generated/common/v1/address.js';
import {
  CatalogClient,
  CatalogService,
  serveCatalog,
  type CatalogHandlers,
  type Product,
} from '../../generated/shop/v1/catalog.js';
import {
  Order_State as OrderState,
  OrdersClient,
  OrdersService,
  serveOrders,
  type Order,
  type OrdersHandlers,
} from '../../generated/shop/v1/orders.js';
import { testConnection, withAmqp } from '../support/broker.js';
import { PRODUCT_SAMPLES } from './product-samples.js';

const PLACED_AT = new Date('2026-01-02T03:04:05.678Z');

// Stateless handlers: two test runs sharing the contract's queues answer identically.
const catalog: CatalogHandlers = {
  async getProduct({ sku }) {
    if (sku === 'missing') throw new RpcError('NOT_FOUND', `no product with sku "${sku}"`);
    if (sku === 'slow') await new Promise((resolve) => setTimeout(resolve, 3_000));
    return { ...PRODUCT_SAMPLES['full']!, sku };
  },
  putProduct: (product) => product,
  ping: () => PLACED_AT,
};

const orders: OrdersHandlers = {
  placeOrder(req) {
    let units = 0n;
    for (const item of req.items) units += (item.unitPrice?.units ?? 0n) * BigInt(item.quantity);
    const id = BigInt(req.items.length) + (req.payment?.$case === 'paymentMethodId' ? req.payment.value : 0n);
    return order(id, OrderState.STATE_PLACED, { items: req.items, shipTo: req.shipTo, total: { currencyCode: 'EUR', units, nanos: 0 } });
  },
  getOrder: ({ id }) => order(id, OrderState.STATE_SHIPPED),
  cancelOrder: ({ id }) => order(id, OrderState.STATE_CANCELLED),
};

function order(id: bigint, state: OrderState, extra: Partial<Order> = {}): Order {
  return { id, state, items: [], placedAt: PLACED_AT, ...extra };
}

describe('the shop contracts round-trip through RabbitMQ on the queues their contracts name', () => {
  let serverConn: Connection;
  let clientConn: Connection;
  let servers: Server[];
  let catalogClient: CatalogClient;
  let ordersClient: OrdersClient;

  before(async () => {
    serverConn = await testConnection();
    clientConn = await testConnection();
    // No queue passed: each server declares the queue of its contract's (warren.queue) option.
    servers = [await serveCatalog(serverConn, catalog), await serveOrders(serverConn, orders)];
    catalogClient = new CatalogClient(clientConn, { timeoutMs: 10_000 });
    ordersClient = new OrdersClient(clientConn, { timeoutMs: 10_000 });
  });

  after(async () => {
    await catalogClient.close();
    await ordersClient.close();
    for (const s of servers) await s.close();
    await clientConn.close();
    await serverConn.close();
    // ifUnused: a concurrent run of this test still consuming keeps its queue.
    await withAmqp(async (ch) => {
      for (const q of ['shop.catalog', 'shop.orders']) {
        await ch.deleteQueue(q, { ifUnused: true }).catch(() => undefined);
      }
    });
    await withAmqp(async (ch) => {
      for (const q of ['shop.catalog.dead-letter', 'shop.orders.dead-letter']) {
        await ch.deleteQueue(q, { ifEmpty: true }).catch(() => undefined);
      }
    });
  });

  it('carries the contract options into the runtime descriptors', () => {
    assert.equal(CatalogService.queue, 'shop.catalog');
    assert.equal(OrdersService.queue, 'shop.orders');
    assert.equal(CatalogService.methods.getProduct.timeoutMs, 2_000);
    assert.equal(CatalogService.methods.getProduct.idempotent, true);
    assert.equal(CatalogService.methods.putProduct.idempotent, true);
    assert.equal('timeoutMs' in CatalogService.methods.putProduct, false);
    assert.equal(CatalogService.methods.ping.idempotent, false);
    assert.equal(OrdersService.methods.placeOrder.timeoutMs, 5_000);
    assert.equal(OrdersService.methods.placeOrder.idempotent, false);
    assert.equal(OrdersService.methods.cancelOrder.idempotent, true);
  });

  it('declares the queues the options name, each with a consumer', async () => {
    await withAmqp(async (ch) => {
      for (const q of ['shop.catalog', 'shop.orders']) {
        const info = await ch.checkQueue(q);
        assert.ok(info.consumerCount >= 1, `${q} has a consumer`);
      }
    });
  });

  it('round-trips a product using every proto3 feature, both ways', async () => {
    const sample = PRODUCT_SAMPLES['full']!;
    assert.deepStrictEqual(await catalogClient.putProduct(sample), sample);
    assert.deepStrictEqual(await catalogClient.getProduct({ sku: 'SKU-9' }), { ...sample, sku: 'SKU-9' });
    for (const name of ['discontinued', 'always', 'empty']) {
      const p: Product = PRODUCT_SAMPLES[name]!;
      assert.deepStrictEqual(await catalogClient.putProduct(p), p, name);
    }
  });

  it('takes google.protobuf.Empty and returns a google.protobuf.Timestamp', async () => {
    assert.deepStrictEqual(await catalogClient.ping({}), PLACED_AT);
  });

  it('calls a second service whose messages import the first package and common/v1', async () => {
    const item = { product: PRODUCT_SAMPLES['always']!, quantity: 3, unitPrice: { currencyCode: 'EUR', units: 7n, nanos: 0 } };
    const shipTo = { lines: ['1 Main St'], postalCode: '02134', city: 'Boston', country: Country.COUNTRY_US };
    const placed = await ordersClient.placeOrder({ items: [item, item], shipTo, payment: { $case: 'paymentMethodId', value: 2n ** 60n } });
    assert.deepStrictEqual(placed, {
      id: 2n ** 60n + 2n,
      state: OrderState.STATE_PLACED,
      items: [item, item],
      total: { currencyCode: 'EUR', units: 42n, nanos: 0 },
      placedAt: PLACED_AT,
      shipTo,
    });
    assert.equal((await ordersClient.getOrder({ id: 5n })).state, OrderState.STATE_SHIPPED);
    assert.equal((await ordersClient.cancelOrder({ id: 5n, reason: 'changed my mind' })).state, OrderState.STATE_CANCELLED);
  });

  it('delivers a handler error with its code', async () => {
    await assert.rejects(catalogClient.getProduct({ sku: 'missing' }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'NOT_FOUND'), String(err));
      return true;
    });
  });

  it('answers bytes that do not decode with INVALID_ARGUMENT naming the nested field', async () => {
    const w = new ProtoWriter();
    w.uint32(10).fork(); // items[0]
    w.uint32(26).fork(); // unit_price
    w.uint32(10).uint32(50); // currency_code: 50 bytes announced, none sent
    w.join().join();
    const reply = await withAmqp(async (ch) => {
      const { queue } = await ch.assertQueue('', { exclusive: true });
      const got = new Promise<ConsumeMessage>((resolve) => void ch.consume(queue, (m) => m && resolve(m), { noAck: true }));
      ch.publish('', 'shop.orders', w.finish(), {
        correlationId: 'bad-bytes',
        replyTo: queue,
        contentType: 'application/x-protobuf',
        type: 'shop.v1.Orders.PlaceOrder',
        expiration: '10000',
        headers: { 'x-warren-deadline': String(Date.now() + 10_000), 'x-warren-protocol': '1' },
      });
      return got;
    });
    assert.equal(reply.properties.correlationId, 'bad-bytes');
    assert.equal(reply.properties.headers?.['x-warren-status'], 'INVALID_ARGUMENT');
    const body = JSON.parse(reply.content.toString('utf8')) as { message: string };
    assert.match(body.message, /items\[0\]\.unitPrice\.currencyCode: truncated message/);
  });

  it('answers a Timestamp outside 0001-9999 with INVALID_ARGUMENT naming the field, and never sends one', async () => {
    // Product.created_at (34) = Timestamp { seconds = 2^62 }: it used to decode to Invalid Date.
    for (const [seconds, nanos] of [[2n ** 62n, 0], [253_402_300_800n, 0], [-62_135_596_801n, 0], [0n, 1_000_000_000], [0n, -1]] as const) {
      const w = new ProtoWriter();
      w.uint32(10).string('sku-1');
      w.uint32((34 << 3) | 2).fork().uint32(8).int64(seconds).uint32(16).int32(nanos).join();
      const reply = await withAmqp(async (ch) => {
        const { queue } = await ch.assertQueue('', { exclusive: true });
        const got = new Promise<ConsumeMessage>((resolve) => void ch.consume(queue, (m) => m && resolve(m), { noAck: true }));
        ch.publish('', 'shop.catalog', w.finish(), {
          correlationId: 'bad-timestamp',
          replyTo: queue,
          contentType: 'application/x-protobuf',
          type: 'shop.v1.Catalog.PutProduct',
          expiration: '10000',
          headers: { 'x-warren-deadline': String(Date.now() + 10_000), 'x-warren-protocol': '1' },
        });
        return got;
      });
      assert.equal(reply.properties.headers?.['x-warren-status'], 'INVALID_ARGUMENT', `seconds ${seconds}, nanos ${nanos}`);
      const body = JSON.parse(reply.content.toString('utf8')) as { message: string };
      assert.match(body.message, /createdAt: Timestamp (seconds|nanos) -?\d+ are outside /);
    }
    // The edges of the range go through, both ways.
    for (const createdAt of [new Date('0001-01-01T00:00:00.000Z'), new Date('9999-12-31T23:59:59.999Z')]) {
      const product = { ...PRODUCT_SAMPLES['empty']!, sku: 'edge', createdAt };
      assert.deepEqual((await catalogClient.putProduct(product)).createdAt, createdAt);
    }
    await assert.rejects(catalogClient.putProduct({ ...PRODUCT_SAMPLES['empty']!, createdAt: new Date(Date.UTC(10_000, 0, 1)) }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'INVALID_ARGUMENT'), String(err));
      assert.match(err.message, /createdAt: expected a Date from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got \+010000-01-01/);
      return true;
    });
  });

  it("uses the method's timeout_ms option as its default deadline", async () => {
    await assert.rejects(catalogClient.getProduct({ sku: 'slow' }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'DEADLINE_EXCEEDED'), String(err));
      assert.match((err as Error).message, /within 2000 ms/);
      return true;
    });
  });
});
