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
      kind: 'unary',
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

  it('rejects a misspelled timeout tag at its position instead of listing the default', async () => {
    const contract = (tag: string) =>
      ['export interface Req { id: string }', 'export interface PingService {', `  /** ${tag} 2000 */`, '  ping(request: Req): Promise<Req>;', '}', ''].join('\n');
    const wrong = tempProject({ 'ping.ts': contract('@timeout') });
    const right = tempProject({ 'ping.ts': contract('@timeoutMs') });
    try {
      const rejected = await runWarren(['list'], { cwd: wrong.dir });
      assert.equal(rejected.code, 1, rejected.stdout);
      assert.match(rejected.stderr, /contracts\/ping\.ts:3:7: unknown tag @timeout on method PingService\.ping: did you mean `@timeoutMs`\?/);
      const listed = await runWarren(['list'], { cwd: right.dir });
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /ping\(Req\) returns \(Req\) +timeout: 2000 ms/);
    } finally {
      wrong.remove();
      right.remove();
    }
  });

  it('reports every error of a broken .proto set, not just the first', async () => {
    const broken = tempProject({
      'a.proto': 'syntax = "proto3";\npackage demo;\nmessage A {\n  int32 x = 1\n  string y = 2;\n  int32 z 3;\n}\n',
      'b.proto': 'syntax = "proto3";\npackage demo;\nimport "google/protobuf/empty.proto;\nmessage B {\n  int32 p = 1;\n  int32 q = 1;\n  Missing m = 2;\n}\n',
      'c.proto': 'syntax = "proto3";\npackage demo;\nmessage C {\n  int32 p = 1;\n  int32 q = 1;\n  Missing m = 2;\n}\n',
    });
    try {
      const { code, stderr } = await runWarren(['list'], { cwd: broken.dir });
      assert.equal(code, 1);
      const located = stderr.split('\n').filter((l) => /^contracts\//.test(l)).map((l) => l.replace(/: .*/, ''));
      assert.deepEqual(located, [
        'contracts/a.proto:5:3',
        'contracts/a.proto:6:11',
        'contracts/b.proto:3:8',
        'contracts/c.proto:5:13',
        'contracts/c.proto:6:3',
      ]);
      assert.match(stderr, /contracts\/b\.proto:3:8: unterminated string/);
      assert.doesNotMatch(stderr, /cannot find import/);
    } finally {
      broken.remove();
    }
  });
});
