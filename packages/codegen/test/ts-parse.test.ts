import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { nearestWarrenTag } from '../src/parse/ts/ts-doc-tags.js';
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

  it('carries documentation tags as written and keeps the tags warren reads out of the doc', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warren-ts-tags-'));
    try {
      writeFileSync(
        path.join(dir, 'tags.ts'),
        [
          'export interface Req { id: string }',
          '/**',
          ' * Tagged.',
          ' * @remarks Long story.',
          ' * @queue tags.q',
          ' * @beta',
          ' */',
          'export interface TagsService {',
          '  /**',
          '   * Gets one.',
          '   * @param request - the request',
          '   * @returns the reply',
          '   * @throws RpcError NOT_FOUND',
          '   * @example',
          '   * await tags.get({ id: "1" });',
          '   * @deprecated use find',
          '   * @see docs/contracts.md',
          '   * @since 2.1',
          '   * @owner team-a',
          '   * @timeoutMs 2000',
          '   * @idempotent',
          '   */',
          '  get(request: Req): Promise<Req>;',
          '}',
        ].join('\n'),
      );
      const service = parseContracts({ contractsDir: dir }).files[0]!.services[0]!;
      assert.equal(service.queue, 'tags.q');
      assert.equal(service.doc, 'Tagged.\n@remarks Long story.\n@beta');
      const get = service.methods[0]!;
      assert.deepEqual({ timeoutMs: get.timeoutMs, idempotent: get.idempotent }, { timeoutMs: 2000, idempotent: true });
      assert.equal(
        get.doc,
        [
          'Gets one.',
          '@param request - the request',
          '@returns the reply',
          '@throws RpcError NOT_FOUND',
          '@example\nawait tags.get({ id: "1" });',
          '@deprecated use find',
          '@see docs/contracts.md',
          '@since 2.1',
          '@owner team-a',
        ].join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes a tag for a misspelled warren tag only when it is close to one and not a documentation tag', () => {
    const meant = Object.fromEntries(
      ['timeout', 'timeoutMS', 'timeoutms', 'timeoutSeconds', 'timoutMs', 'deadline', 'idempotant', 'Idempotent', 'idempot', 'queu', 'Queue', 'queueName', 'pakage']
        .map((t) => [t, nearestWarrenTag(t)]),
    );
    assert.deepEqual(meant, {
      timeout: 'timeoutMs',
      timeoutMS: 'timeoutMs',
      timeoutms: 'timeoutMs',
      timeoutSeconds: 'timeoutMs',
      timoutMs: 'timeoutMs',
      deadline: 'timeoutMs',
      idempotant: 'idempotent',
      Idempotent: 'idempotent',
      idempot: 'idempotent',
      queu: 'queue',
      Queue: 'queue',
      queueName: 'queue',
      pakage: 'package',
    });
    for (const tag of ['param', 'returns', 'deprecated', 'example', 'see', 'remarks', 'packageDocumentation', 'private', 'query', 'quote', 'owner', 'since', 'queue', 'timeoutMs']) {
      assert.equal(nearestWarrenTag(tag), undefined, `@${tag} is not a misspelling`);
    }
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
