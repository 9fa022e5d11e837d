import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runWarren, tempProject, writeContract } from './support/run-warren.js';
import { SHOP_PROTO } from './support/sample-contracts.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=cli@test', '-c', 'user.name=cli-test', ...args], { cwd: dir, encoding: 'utf8' });

/** Runs `warren breaking --against main` after replacing parts of the committed contract. */
async function breakingAfter(dir: string, edits: [string, string][]) {
  let text = SHOP_PROTO;
  for (const [from, to] of edits) {
    assert.ok(text.includes(from), `fixture has ${from}`);
    text = text.replace(from, to);
  }
  writeContract(dir, 'shop.proto', text);
  return runWarren(['breaking', '--against', 'main'], { cwd: dir });
}

describe('warren breaking', () => {
  let project: { dir: string; remove(): void };
  before(() => {
    project = tempProject({ 'shop.proto': SHOP_PROTO });
    git(project.dir, 'init', '-q', '-b', 'main');
    git(project.dir, 'add', 'contracts');
    git(project.dir, 'commit', '-q', '-m', 'v1');
  });
  after(() => project.remove());

  it('passes safe changes: added fields, methods, services, enum values; renamed fields; comments', async () => {
    const { code, stdout } = await breakingAfter(project.dir, [
      ['string customer_id = 1;', 'string customer = 1; // renamed: same number, same wire\n  string coupon = 7;'],
      ['COLOR_BLUE = 2;', 'COLOR_BLUE = 2;\n  COLOR_GREEN = 3;'],
      ['// Places an order.', '// Places an order, now documented better.\n  rpc Ping(StatusRequest) returns (StatusReply);'],
      ['message StatusReply {', 'service Other { rpc Get(StatusRequest) returns (StatusReply); }\nmessage StatusReply {'],
    ]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /no breaking changes against main \(contracts\/ at [0-9a-f]{7}\)/);
  });

  const cases: { name: string; edits: [string, string][]; expect: RegExp }[] = [
    {
      name: 'a removed method',
      edits: [['  rpc PlaceOrder(OrderRequest) returns (OrderReply);\n', '']],
      expect: /^contracts\/shop\.proto:7:7 \(in main\): method shop\.v1\.Shop\.PlaceOrder was removed.* \[RPC_NO_DELETE\]$/m,
    },
    {
      name: 'a removed service',
      edits: [['service Shop {', 'service Store {']],
      expect: /^contracts\/shop\.proto:5:9 \(in main\): service shop\.v1\.Shop was removed.* \[SERVICE_NO_DELETE\]$/m,
    },
    {
      name: 'a changed field type',
      edits: [['int64 quantity = 2;', 'int32 quantity = 2;']],
      expect: /^contracts\/shop\.proto:21:9: field shop\.v1\.OrderRequest\.quantity \(number 2\) changed type from int64 to int32 \[FIELD_SAME_TYPE\]$/m,
    },
    {
      name: 'a changed field number',
      edits: [['string order_id = 1;\n}\n\nmessage StatusRequest', 'string order_id = 2;\n}\n\nmessage StatusRequest']],
      expect: /^contracts\/shop\.proto:\d+:10: field shop\.v1\.OrderReply\.order_id changed its number from 1 to 2.* \[FIELD_SAME_NUMBER\]$/m,
    },
    {
      name: 'a field removed without reserving its number',
      edits: [['  repeated string notes = 6;\n', '']],
      expect: /^contracts\/shop\.proto:\d+:19 \(in main\): field shop\.v1\.OrderRequest\.notes \(number 6\) was removed without reserving its number; add "reserved 6;".* \[FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED\]$/m,
    },
    {
      name: 'a removed enum value',
      edits: [['  COLOR_BLUE = 2;\n', '']],
      expect: /^contracts\/shop\.proto:\d+:3 \(in main\): enum value shop\.v1\.Color\.COLOR_BLUE \(2\) was removed.* \[ENUM_VALUE_NO_DELETE\]$/m,
    },
    {
      name: 'a changed request type',
      edits: [['rpc GetStatus(StatusRequest)', 'rpc GetStatus(OrderReply)']],
      expect: /^contracts\/shop\.proto:8:7: method shop\.v1\.Shop\.GetStatus changed its request type from shop\.v1\.StatusRequest to shop\.v1\.OrderReply \[RPC_SAME_REQUEST_TYPE\]$/m,
    },
    {
      name: 'a changed response type',
      edits: [['returns (OrderReply);', 'returns (StatusReply);']],
      expect: /\[RPC_SAME_RESPONSE_TYPE\]$/m,
    },
    {
      name: 'a method that starts streaming its replies',
      edits: [['returns (OrderReply);', 'returns (stream OrderReply);']],
      expect: /^contracts\/shop\.proto:\d+:7: method shop\.v1\.Shop\.PlaceOrder changed from one reply to a stream of replies.* \[RPC_SAME_SERVER_STREAMING\]$/m,
    },
    {
      name: 'a field moved into a oneof',
      edits: [['  oneof payment {\n', '  oneof payment {\n    string customer_id = 1;\n'], ['  string customer_id = 1;\n  int64', '  int64']],
      expect: /field shop\.v1\.OrderRequest\.customer_id moved from no oneof to oneof payment.* \[FIELD_SAME_ONEOF\]$/m,
    },
    {
      name: 'a changed queue name',
      edits: [['package shop.v1;\n', 'package shop.v1;\nimport "warren/options.proto";\n'], ['service Shop {\n', 'service Shop {\n  option (warren.queue) = "shop.orders";\n']],
      expect: /^contracts\/shop\.proto:6:9: service shop\.v1\.Shop changed its queue from "shop\.v1\.Shop" to "shop\.orders".* \[SERVICE_SAME_QUEUE\]$/m,
    },
  ];
  for (const c of cases) {
    it(`fails (exit 3) on ${c.name}, with file:line:column`, async () => {
      const { code, stdout } = await breakingAfter(project.dir, c.edits);
      assert.equal(code, 3, stdout);
      assert.match(stdout, c.expect);
      assert.match(stdout, /\d+ breaking change\(s\) against main/);
    });
  }

  it('passes a removed field whose number is reserved', async () => {
    const { code, stdout } = await breakingAfter(project.dir, [['  repeated string notes = 6;\n', '  reserved 6;\n']]);
    assert.equal(code, 0, stdout);
  });

  it('--json lists the findings as data', async () => {
    writeContract(project.dir, 'shop.proto', SHOP_PROTO.replace('int64 quantity = 2;', 'string quantity = 2;'));
    const { code, stdout } = await runWarren(['breaking', '--against', 'main', '--json'], { cwd: project.dir });
    assert.equal(code, 3);
    const [finding] = JSON.parse(stdout) as { rule: string; at: string }[];
    assert.equal(finding!.rule, 'FIELD_SAME_TYPE');
    assert.match(finding!.at, /^contracts\/shop\.proto:21:\d+$/);
  });

  it('compares with a directory', async () => {
    const old = path.join(project.dir, 'old');
    mkdirSync(old);
    writeContract(project.dir, 'shop.proto', SHOP_PROTO);
    cpSync(path.join(project.dir, 'contracts'), path.join(old, 'contracts'), { recursive: true });
    const same = await runWarren(['breaking', '--against', 'old'], { cwd: project.dir });
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stdout, /no breaking changes against old\/contracts \(1 service\(s\) compared\)/);
    writeContract(project.dir, 'shop.proto', SHOP_PROTO.replace('  rpc PlaceOrder(OrderRequest) returns (OrderReply);\n', ''));
    const removed = await runWarren(['breaking', '--against', 'old/contracts'], { cwd: project.dir });
    assert.equal(removed.code, 3);
    assert.match(removed.stdout, /\(in old\/contracts\): method shop\.v1\.Shop\.PlaceOrder was removed/);
  });

  it('treats a ref without the contracts directory as an empty baseline', async () => {
    git(project.dir, 'checkout', '-q', '--orphan', 'bare');
    git(project.dir, 'read-tree', '--empty');
    git(project.dir, 'commit', '-q', '--allow-empty', '-m', 'no contracts');
    const { code, stdout } = await runWarren(['breaking', '--against', 'bare'], { cwd: project.dir });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /it has no contracts/);
  });

  it('exits 1 for something that is neither a directory nor a ref, echoing it', async () => {
    const { code, stderr } = await runWarren(['breaking', '--against', 'no-such-ref'], { cwd: project.dir });
    assert.equal(code, 1);
    assert.match(stderr, /--against "no-such-ref" is neither a directory nor a git ref/);
    assert.match(stderr, /such as main, HEAD~1/);
  });

  it('requires --against', async () => {
    const { code, stderr } = await runWarren(['breaking'], { cwd: project.dir });
    assert.equal(code, 1);
    assert.match(stderr, /--against main/);
  });
});

const USERS_TS = `export interface GetUser {
  id: string;
  fields?: string[];
}
export interface User {
  id: string;
  name: string;
  role: 'admin' | 'member';
}
/** @package users.v1 */
export interface UsersService {
  get(request: GetUser): Promise<User>;
}
`;

describe('warren breaking on TypeScript-interface (JSON) contracts', () => {
  let project: { dir: string; remove(): void };
  before(() => {
    project = tempProject({ 'users.ts': USERS_TS });
    mkdirSync(path.join(project.dir, 'old'));
    cpSync(path.join(project.dir, 'contracts/users.ts'), path.join(project.dir, 'old/users.ts'));
  });
  after(() => project.remove());

  const after_ = async (from: string, to: string) => {
    assert.ok(USERS_TS.includes(from));
    writeContract(project.dir, 'users.ts', USERS_TS.replace(from, to));
    return runWarren(['breaking', '--against', 'old'], { cwd: project.dir });
  };

  it('passes an added optional field', async () => {
    const { code, stdout } = await after_('  name: string;\n', '  name: string;\n  email?: string;\n');
    assert.equal(code, 0, stdout);
  });

  const cases: [string, string, string, RegExp][] = [
    ['a removed field (JSON names fields)', '  fields?: string[];\n', '', /\(in old\): field users\.GetUser\.fields was removed.* \[FIELD_NO_DELETE\]/],
    ['an added required field', '  name: string;\n', '  name: string;\n  email: string;\n', /contracts\/users\.ts:\d+:\d+: required field users\.User\.email was added.* \[FIELD_NO_NEW_REQUIRED\]/],
    ['a field made required', 'fields?: string[]', 'fields: string[]', /field users\.GetUser\.fields became required.* \[FIELD_SAME_OPTIONALITY\]/],
    ['a renamed field', '  name: string;', '  fullName: string;', /field users\.User\.name was removed/],
    ['a changed literal union', "'admin' | 'member'", "'admin' | 'guest'", /field users\.User\.role changed type from "admin" \| "member" to "admin" \| "guest" \[FIELD_SAME_TYPE\]/],
    ['a renamed method', '  get(request: GetUser)', '  fetch(request: GetUser)', /method users\.v1\.UsersService\.get was removed.* \[RPC_NO_DELETE\]/],
  ];
  for (const [name, from, to, expect] of cases) {
    it(`fails (exit 3) on ${name}`, async () => {
      const { code, stdout } = await after_(from, to);
      assert.equal(code, 3, stdout);
      assert.match(stdout, expect);
    });
  }
});
