import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runWarren, tempProject } from './support/run-warren.js';
import { SHOP_PROTO } from './support/sample-contracts.js';

describe('warren list', () => {
  let project: { dir: string; remove(): void };
  before(() => (project = tempProject({ 'shop.proto': SHOP_PROTO })));
  after(() => project.remove());

  it('prints each service with its queue, methods, types, timeouts and idempotency', async () => {
    const { code, stdout } = await runWarren(['list'], { cwd: project.dir });
    assert.equal(code, 0);
    assert.match(stdout, /^shop\.v1\.Shop {2}\(contracts\/shop\.proto:5:9\)$/m);
    assert.match(stdout, /queue: shop\.v1\.Shop {3}encoding: protobuf/);
    assert.match(stdout, /PlaceOrder\(OrderRequest\) returns \(OrderReply\) +timeout: default\n/);
    assert.match(stdout, /GetStatus\(StatusRequest\) returns \(StatusReply\) +timeout: default {3}idempotent/);
  });

  it('--json prints the same as data', async () => {
    const { code, stdout } = await runWarren(['list', '--json'], { cwd: project.dir });
    assert.equal(code, 0);
    const [shop] = JSON.parse(stdout) as { service: string; queue: string; methods: Record<string, unknown>[] }[];
    assert.equal(shop!.service, 'shop.v1.Shop');
    assert.equal(shop!.queue, 'shop.v1.Shop');
    assert.deepEqual(shop!.methods[1], {
      name: 'GetStatus',
      fullName: 'shop.v1.Shop.GetStatus',
      request: 'StatusRequest',
      response: 'StatusReply',
      timeoutMs: null,
      idempotent: true,
      location: 'contracts/shop.proto:8:7',
    });
  });

  it('lists one service by name, and exits 1 for an unknown one', async () => {
    assert.equal((await runWarren(['list', 'Shop'], { cwd: project.dir })).code, 0);
    const { code, stderr } = await runWarren(['list', 'Nope'], { cwd: project.dir });
    assert.equal(code, 1);
    assert.match(stderr, /no service "Nope"/);
  });
});
