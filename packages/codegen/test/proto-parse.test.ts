import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ContractErrors, generate, parseContracts, type MessageDecl } from '../src/index.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'warren-proto-parse-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const SERVICE = `syntax = "proto3";
package shop.v1;
import "warren/options.proto";

/* The shop.
   Two lines. */
service Shop {
  option (warren.queue) = "shop.requests";
  // Buys things.
  rpc Buy(Req) returns (Res) {
    option idempotency_level = IDEMPOTENT;
    option (warren.timeout_ms) = 1234;
  }
  rpc Look(Req) returns (Res) { option idempotency_level = NO_SIDE_EFFECTS; }
  rpc Plain(Req) returns (Res); // Trailing doc.
}
/** Javadoc style. */
message Req {
  int32 a = 1; // after a
  // before b
  optional string b = 2;
  oneof pick { int64 c = 3; Res d = 4; }
}
message Res {}
`;

describe('proto contracts into the IR', () => {
  it('carries warren options and idempotency_level into the service and its methods', () => {
    const set = parseContracts({ contractsDir: tree({ 'shop.proto': SERVICE }) });
    const shop = set.files[0]!.services[0]!;
    assert.equal(shop.queue, 'shop.requests');
    assert.deepEqual(
      shop.methods.map((m) => [m.tsName, m.fullName, m.idempotent, m.timeoutMs]),
      [
        ['buy', 'shop.v1.Shop.Buy', true, 1234],
        ['look', 'shop.v1.Shop.Look', true, undefined],
        ['plain', 'shop.v1.Shop.Plain', false, undefined],
      ],
    );
  });

  it('carries leading, trailing, block and javadoc comments', () => {
    const file = parseContracts({ contractsDir: tree({ 'shop.proto': SERVICE }) }).files[0]!;
    const shop = file.services[0]!;
    assert.equal(shop.doc, 'The shop.\nTwo lines.');
    assert.equal(shop.methods[0]!.doc, 'Buys things.');
    assert.equal(shop.methods[2]!.doc, 'Trailing doc.');
    const req = file.types.find((t) => t.tsName === 'Req') as MessageDecl;
    assert.equal(req.doc, 'Javadoc style.');
    assert.deepEqual(req.fields.map((f) => f.doc), ['after a', 'before b', undefined, undefined]);
  });

  it('records positions, optional presence and oneof membership', () => {
    const file = parseContracts({ contractsDir: tree({ 'shop.proto': SERVICE }) }).files[0]!;
    const req = file.types.find((t) => t.tsName === 'Req') as MessageDecl;
    assert.deepEqual(req.location, { file: 'shop.proto', line: 18, column: 9 });
    assert.deepEqual(
      req.fields.map((f) => [f.tsName, f.optional, f.oneof ?? null, f.location.line]),
      [['a', false, null, 19], ['b', true, null, 21], ['c', true, 'pick', 22], ['d', true, 'pick', 22]],
    );
    assert.deepEqual(req.oneofs.map((o) => [o.tsName, o.fields]), [['pick', ['c', 'd']]]);
  });

  it('resolves imports against include paths and generates the imported files too', () => {
    const vendor = tree({ 'vendor/geo/v1/point.proto': 'syntax = "proto3";\npackage geo.v1;\nmessage Point { double lat = 1; double lng = 2; }\n' });
    const contracts = tree({
      'places.proto': 'syntax = "proto3";\npackage places;\nimport "geo/v1/point.proto";\nmessage Place { geo.v1.Point at = 1; }\n',
    });
    const result = generate({ contractsDir: contracts, includePaths: [path.join(vendor, 'vendor')] });
    assert.deepEqual(result.files.map((f) => f.path).sort(), ['geo/v1/point.ts', 'places.ts']);
    assert.match(result.files.find((f) => f.path === 'places.ts')!.content, /import \{ Point \} from '\.\/geo\/v1\/point\.js';/);
  });

  it('imports two types that share a TypeScript name under aliases, and keeps a local one as it is', () => {
    const contracts = tree({
      'a/money.proto': 'syntax = "proto3";\npackage a;\nmessage Money { int64 units = 1; }\n',
      'b/money.proto': 'syntax = "proto3";\npackage b;\nmessage Money { int64 cents = 1; }\n',
      'pay.proto': 'syntax = "proto3";\npackage pay;\nimport "a/money.proto";\nimport "b/money.proto";\nmessage Pay {\n  a.Money x = 1;\n  b.Money y = 2;\n}\n',
      'one.proto': 'syntax = "proto3";\npackage one;\nimport "a/money.proto";\nmessage Money { string note = 1; }\nmessage Pay { a.Money x = 1; Money y = 2; }\n',
    });
    const files = generate({ contractsDir: contracts }).files;
    const pay = files.find((f) => f.path === 'pay.ts')!.content;
    assert.match(pay, /import \{ Money as a_Money \} from '\.\/a\/money\.js';/);
    assert.match(pay, /import \{ Money as b_Money \} from '\.\/b\/money\.js';/);
    assert.match(pay, /x\?: a_Money \| undefined;\n  y\?: b_Money \| undefined;/);
    const one = files.find((f) => f.path === 'one.ts')!.content;
    assert.match(one, /import \{ Money as a_Money \} from '\.\/a\/money\.js';/);
    assert.match(one, /x\?: a_Money \| undefined;\n  y\?: Money \| undefined;/);
    // A type whose name is free keeps it.
    assert.doesNotMatch(files.find((f) => f.path === 'a/money.ts')!.content, / as /);
  });

  it('generates one module per contract file, importing across packages with relative paths', () => {
    const contracts = tree({
      'common/v1/ids.proto': 'syntax = "proto3";\npackage common.v1;\nenum Kind { KIND_UNSPECIFIED = 0; }\nmessage Id { string value = 1; }\n',
      'shop/v1/item.proto': 'syntax = "proto3";\npackage shop.v1;\nimport "common/v1/ids.proto";\nmessage Item { common.v1.Id id = 1; common.v1.Kind kind = 2; }\n',
    });
    const files = generate({ contractsDir: contracts }).files;
    const item = files.find((f) => f.path === 'shop/v1/item.ts')!.content;
    // Kind is a value import: the message's descriptor names the enum object (its names for JSON).
    assert.match(item, /import \{ Id, Kind \} from '\.\.\/\.\.\/common\/v1\/ids\.js';/);
  });
});
