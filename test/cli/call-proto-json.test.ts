import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from '@warren/codegen';
import { Product } from '../../generated/shop/v1/catalog.js';
import { ContractMessageTypes } from '../../packages/cli/src/commands/call/contract-message-types.js';
import { PRODUCT_SAMPLES } from '../proto/product-samples.js';
import { AMQP_URL, deleteQueues, uniqueQueue } from '../support/broker.js';
import { REPO, runWarren, tempProject } from './support/run-warren.js';
import { startReadyServer, stopServer } from './support/ready-server.js';

// `warren call` builds its message types from the contract's IR and hands them to the
// runtime's ProtoJSON mapping and ProtoWriter: no protobufjs codec. The bytes must be the
// generated codec's, and the printed JSON the generated toJson's (test/interop/json-format
// holds both to Python's json_format).

describe("warren call's message types (from the IR) against the generated code", () => {
  const types = new ContractMessageTypes(generate({ contractsDir: path.join(REPO, 'contracts') }).contracts);
  const dynamic = types.message('shop.v1.Product');

  for (const [name, sample] of Object.entries(PRODUCT_SAMPLES)) {
    it(`${name}: the same bytes, the same value back, the same JSON`, () => {
      const bytes = Product.toBinary(sample);
      assert.deepEqual(Buffer.from(dynamic.toBinary(sample)), Buffer.from(bytes));
      assert.deepStrictEqual(dynamic.fromBinary(bytes), Product.fromBinary(bytes));
      assert.equal(dynamic.toJsonString(sample), Product.toJsonString(sample));
    });
  }
});

describe('warren call prints and reads ProtoJSON as protoc does (live catalog echo server)', () => {
  const queue = uniqueQueue('cli-call-json');
  let project: { dir: string; remove(): void };
  let server: ChildProcess;
  const call = (args: string[]) => runWarren(['call', ...args, '--queue', queue], { cwd: project.dir, env: { AMQP_URL } });

  before(async () => {
    project = tempProject({});
    for (const file of ['shop/v1/catalog.proto', 'common/v1/money.proto', 'common/v1/address.proto']) {
      mkdirSync(path.dirname(path.join(project.dir, 'contracts', file)), { recursive: true });
      cpSync(path.join(REPO, 'contracts', file), path.join(project.dir, 'contracts', file));
    }
    server = await startReadyServer('catalog server', [path.join(REPO, 'test/cli/fixtures/catalog-echo-server.ts'), queue], { cwd: REPO });
  });

  after(async () => {
    await stopServer(server);
    await deleteQueues(queue, `${queue}.dead-letter`);
    project.remove();
  });

  it('Any as {"@type", ...fields}, FieldMask as "a.b,c", float precision, -0 and __proto__ keys survive the round trip', async () => {
    const request = {
      sku: 'SKU-1',
      weightKg: 0.1,
      score: -0,
      detail: { '@type': 'type.googleapis.com/common.v1.Money', currencyCode: 'EUR', units: '5' },
      updateMask: 'name,price.units,supplierData',
      attributes: JSON.parse('{"__proto__": "kept", "colour": "green"}') as unknown,
      supplierData: JSON.parse('{"__proto__": {"nested": [1, null]}}') as unknown,
      extra: { '@type': 'not a field of Value' },
    };
    const { code, stdout, stderr } = await call(['shop.v1.Catalog/PutProduct', JSON.stringify(request).replace('"score":0', '"score":-0')]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /"weightKg": 0\.1,/);
    assert.match(stdout, /"score": -0,/);
    assert.deepStrictEqual(JSON.parse(stdout), { ...request, score: -0 });
    assert.deepEqual(Object.keys(JSON.parse(stdout).attributes as object), ['__proto__', 'colour']);
  });

  it('prints an all-default reply as {} and a well-known reply in its JSON form', async () => {
    const empty = await call(['shop.v1.Catalog/PutProduct', '{}']);
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout.trim(), '{}');
    const ping = await call(['Catalog.Ping']);
    assert.equal(ping.code, 0, ping.stderr);
    assert.equal(ping.stdout.trim(), '"2024-05-01T12:00:00.250Z"');
  });

  it('says the call succeeded when its reply has no JSON form (an Any of an undeclared type), exit 1', async () => {
    const { code, stdout, stderr } = await call(['Catalog.GetProduct', '{"sku": "any-of-unknown-type"}']);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /shop\.v1\.Catalog\.GetProduct answered, but its reply cannot be printed as JSON: detail: cannot write the google\.protobuf\.Any holding "type\.googleapis\.com\/other\.v1\.Unknown"/);
  });

  it('refuses an Any of an unknown type and a FieldMask path with "_" before sending (exit 1)', async () => {
    const any = await call(['shop.v1.Catalog/PutProduct', '{"detail": {"@type": "type.googleapis.com/no.such.Type"}}']);
    assert.equal(any.code, 1);
    assert.match(any.stderr, /detail\["@type"\]: no\.such\.Type is not a known message type/);
    const mask = await call(['shop.v1.Catalog/PutProduct', '{"updateMask": "price_units"}']);
    assert.equal(mask.code, 1);
    assert.match(mask.stderr, /updateMask: FieldMask path "price_units" must be lowerCamel/);
  });
});
