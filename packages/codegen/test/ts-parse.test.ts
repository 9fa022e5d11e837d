import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseContracts, type ContractSet, type MessageDecl, type TypeDecl } from '../src/index.js';
import { GOLDEN_DIR } from './golden-cases.js';

// What the ts-morph parser puts into the IR: services, methods, options from JSDoc tags, docs,
// and the type algebra. The emitters are covered by the golden files.

const parse = (name: string): ContractSet => parseContracts({ contractsDir: path.join(GOLDEN_DIR, name, 'contracts') });
const decl = (set: ContractSet, fullName: string): TypeDecl => {
  const found = set.files.flatMap((f) => f.types).find((t) => t.fullName === fullName);
  assert.ok(found, `${fullName} is declared`);
  return found;
};
const field = (set: ContractSet, message: string, name: string) => {
  const msg = decl(set, message) as MessageDecl;
  const f = msg.fields.find((x) => x.tsName === name);
  assert.ok(f, `${message}.${name}`);
  return f;
};

describe('TypeScript contract parser', () => {
  it('reads services, methods and the JSDoc tags @package, @queue, @idempotent, @timeoutMs', () => {
    const set = parse('ts-jsdoc-tags');
    const [file] = set.files;
    assert.equal(file!.syntax, 'ts');
    assert.equal(file!.encoding, 'json');
    const [service] = file!.services;
    assert.equal(service!.fullName, 'health.v2.HealthService');
    assert.equal(service!.tsName, 'Health');
    assert.equal(service!.queue, 'health.pings');
    assert.equal(service!.doc, 'Answers pings.\n@see docs/contracts.md');
    assert.deepEqual(service!.location, { file: 'tagged.ts', line: 26, column: 1 });
    const [ping, reset] = service!.methods;
    assert.deepEqual(
      { name: ping!.name, fullName: ping!.fullName, idempotent: ping!.idempotent, timeoutMs: ping!.timeoutMs, doc: ping!.doc },
      { name: 'ping', fullName: 'health.v2.HealthService.ping', idempotent: true, timeoutMs: 1500, doc: 'Replies at once.' },
    );
    assert.deepEqual(ping!.request, { kind: 'message', name: 'tagged.Ping' });
    assert.equal(reset!.idempotent, false);
    assert.equal(reset!.timeoutMs, undefined);
  });

  it('defaults the package to the file path and the queue to the service name', () => {
    const set = parse('ts-imports');
    const billing = set.files.find((f) => f.path === 'billing.ts')!;
    assert.equal(billing.services[0]!.fullName, 'billing.BillingService');
    assert.equal(billing.services[0]!.queue, 'billing.BillingService');
    assert.equal(billing.services[0]!.methods[0]!.fullName, 'billing.BillingService.invoice');
  });

  it('declares imported types in the file that declares them, across import styles', () => {
    const set = parse('ts-imports');
    const shared = set.files.find((f) => f.path === 'shared/money.ts')!;
    assert.deepEqual(shared.types.map((t) => t.fullName), ['shared.money.Money', 'shared.money.Currency', 'shared.money.Amounts']);
    assert.deepEqual(field(set, 'billing.Invoice', 'refund').type, {
      kind: 'nullable',
      inner: { kind: 'message', name: 'shared.money.Money' },
    });
  });

  it('maps the scalars, Date, Uint8Array, readonly arrays and readonly fields', () => {
    const set = parse('ts-scalars');
    const kinds = (decl(set, 'scalars.Scalars') as MessageDecl).fields.map((f) => f.type);
    assert.deepEqual(kinds, [
      { kind: 'scalar', scalar: 'string' },
      { kind: 'scalar', scalar: 'double' },
      { kind: 'scalar', scalar: 'bool' },
      { kind: 'scalar', scalar: 'int64' },
      { kind: 'date' },
      { kind: 'scalar', scalar: 'bytes' },
    ]);
    const arrays = parse('ts-arrays');
    assert.deepEqual(field(arrays, 'arrays.Arrays', 'readonlyGeneric').type, {
      kind: 'list',
      element: { kind: 'scalar', scalar: 'int64' },
      readonly: true,
    });
    assert.equal(field(parse('ts-jsdoc-tags'), 'tagged.Pong', 'receivedAt').readonly, true);
  });

  it('finds the discriminator of a union of object types and names inline variants', () => {
    const set = parse('ts-discriminated-union');
    assert.deepEqual((decl(set, 'shapes.Event') as { type: unknown }).type, {
      kind: 'union',
      variants: [
        { kind: 'message', name: 'shapes.Event_Created' },
        { kind: 'message', name: 'shapes.Event_Deleted' },
      ],
      discriminator: 'type',
    });
  });

  it('flattens intersections and extends into one message, keeping field docs', () => {
    const set = parse('ts-intersection');
    const post = decl(set, 'flatten.Post') as MessageDecl;
    assert.equal(post.kind, 'message');
    assert.deepEqual(post.fields.map((f) => f.tsName).sort(), ['createdAt', 'id', 'title', 'updatedAt']);
    assert.equal(field(set, 'flatten.Comment', 'updatedAt').doc, 'Carried over from Timestamped.');
    assert.equal(field(set, 'flatten.Comment', 'updatedAt').optional, true);
  });

  it('handles recursion and names inline object types after their field', () => {
    const set = parse('ts-recursive');
    assert.deepEqual(field(set, 'tree.TreeNode', 'children').type, { kind: 'list', element: { kind: 'message', name: 'tree.TreeNode' } });
    assert.deepEqual(field(set, 'tree.Employee', 'badge').type, { kind: 'message', name: 'tree.Employee_Badge' });
  });

  it('parses the repository contracts: proto and TypeScript in one run', () => {
    const set = parseContracts({ contractsDir: path.resolve(GOLDEN_DIR, '../../../../contracts') });
    const users = set.files.find((f) => f.path === 'users.ts')!;
    assert.equal(users.services[0]!.fullName, 'users.v1.UserService');
    assert.ok(set.files.some((f) => f.syntax === 'proto'));
  });
});
