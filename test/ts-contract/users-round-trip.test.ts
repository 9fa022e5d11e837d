import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcError, type Connection, type Server } from '@warren/runtime';
import { ContentType } from '@warren/runtime/protocol';
import {
  Role,
  Tier,
  UserClient,
  UserService,
  serveUser,
  type CreateUserRequest,
  type User,
} from '../../generated/users.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { rawRequest, type RawReply } from '../support/raw-request.js';
import { usersHandlers } from './users-handlers.js';

// The TypeScript-interface contract contracts/users.ts end to end: a generated client calls a
// generated server through RabbitMQ with JSON bodies, every supported type on the wire.

const request: CreateUserRequest = {
  name: 'Ada',
  email: 'ada@example.com',
  age: 36.5,
  roles: [Role.Admin, Role.Editor],
  tier: Tier.Enterprise,
  address: { street: '1 Analytical Way', city: 'London', country: 'GB' },
  contacts: [
    { kind: 'email', address: 'ada@example.com' },
    { kind: 'phone', number: '+44 20 0000', extension: '12' },
  ],
  avatar: new Uint8Array([137, 80, 78, 71, 0, 255]),
  preferences: { theme: 'dark', 'lang tag': 'en-GB' },
  initialCredit: { currency: 'EUR', units: 2n ** 63n + 7n },
  quizScores: { math: [10, null, 7.5], poetry: [] },
};

describe('a TypeScript-interface contract over RabbitMQ', () => {
  const queue = uniqueQueue('users');
  const handlers = usersHandlers();
  let serverConn: Connection;
  let clientConn: Connection;
  let server: Server;
  let users: UserClient;

  before(async () => {
    serverConn = await testConnection();
    clientConn = await testConnection();
    server = await serveUser(serverConn, handlers, { queue });
    users = new UserClient(clientConn, { queue, timeoutMs: 5_000 });
  });

  after(async () => {
    await users.close();
    await server.close();
    await clientConn.close();
    await serverConn.close();
    await deleteQueues(queue, `${queue}.dead-letter`);
  });

  it('round-trips every supported type: bigint, Date, Uint8Array, enums, unions, records, nesting', async () => {
    const created = await users.createUser(request);
    assert.deepEqual(created, handlers.users.get(created.id));
    assert.equal(created.balance.units, 2n ** 63n + 7n);
    assert.equal(created.spentCents, (2n ** 63n + 7n) * 3n);
    assert.ok(created.createdAt instanceof Date);
    assert.deepEqual(created.avatar, new Uint8Array([137, 80, 78, 71, 0, 255]));
    assert.deepEqual(created.tags, ['math', 'poetry']);
    assert.equal(created.lastLoginAt, null);

    const second = await users.createUser({ ...request, name: 'Grace', address: undefined, avatar: undefined });
    assert.equal(second.manager?.id, created.id, 'a nested, recursive User');
    assert.equal(second.address, null);
    assert.equal('avatar' in second, false);
    assert.deepEqual(await users.getUser({ id: second.id }), handlers.users.get(second.id));
  });

  it('carries optional fields, literal unions and readonly arrays in requests', async () => {
    const page = await users.listUsers({ status: 'active', roles: [Role.Admin] as const, pageSize: 1 });
    assert.equal(page.users.length, 1);
    assert.equal(page.total, 2n);
    assert.equal(page.nextPageToken, null);
    const none = await users.listUsers({ status: 'deleted' });
    assert.deepEqual(none, { users: [], nextPageToken: null, total: 0n });
  });

  it('recurses through a recursive reply and takes a discriminated union as the request', async () => {
    const tree = await users.getOrgChart({ root: 'u1', depth: 3 });
    assert.equal(tree.children[1]!.children[0]!.name, 'root.b.a');
    assert.equal(tree.children[1]!.children[0]!.lead?.id, 'u1');
    const found = await users.findByContact({ kind: 'phone', number: '+44 20 0000' });
    assert.equal(found.matchedBy, 'phone');
    assert.ok(found.user);
    const note = await users.addNote({
      userId: 'u1',
      note: { text: 'hi', priority: 2, createdAt: new Date(1_000), updatedAt: new Date(0) },
    });
    assert.deepEqual(note, { text: 'hi', priority: 2, createdAt: new Date(1_000), updatedAt: new Date(1_001) });
  });

  it('uses the JSDoc options of the contract and the documented method names', () => {
    assert.equal(UserService.fullName, 'users.v1.UserService');
    assert.equal(UserService.queue, 'users.v1.UserService');
    assert.equal(UserService.methods.getUser.fullName, 'users.v1.UserService.getUser');
    assert.equal(UserService.methods.getUser.timeoutMs, 2000);
    assert.equal(UserService.methods.getUser.idempotent, true);
    assert.equal(UserService.methods.createUser.idempotent, false);
  });

  it('a handler error still reaches the caller with its code', async () => {
    await assert.rejects(users.getUser({ id: 'nobody' }), (err: unknown) => RpcError.is(err, 'NOT_FOUND'));
  });

  it('rejects a bad request on the client before sending, naming the field', async () => {
    const bad = { ...request, contacts: [request.contacts[0]!, { kind: 'fax', number: '1' }] } as unknown as CreateUserRequest;
    await assert.rejects(users.createUser(bad), (err: unknown) => {
      assert.ok(RpcError.is(err, 'INVALID_ARGUMENT'), String(err));
      assert.match(err.message, /contacts\[1\]\.kind: expected "email" \| "phone", got "fax"/);
      return true;
    });
  });

  it('answers a request that fails validation on the server with INVALID_ARGUMENT and the field path', async () => {
    const body = {
      ...JSON.parse(JSON.stringify({ ...request, avatar: undefined }, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
      quizScores: { math: [1, 2, 3, 'four'] },
    };
    const reply = await rawCall(queue, 'users.v1.UserService.createUser', JSON.stringify(body));
    assert.equal(reply.statusText, 'INVALID_ARGUMENT');
    assert.match(reply.message, /quizScores\["math"\]\[3\]: expected number, got string/);
  });

  it('drops __proto__ keys from a raw request instead of letting them reach anything', async () => {
    const before = handlers.users.size;
    const raw = JSON.stringify({ id: 'u1' }).replace('{', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},');
    const reply = await rawCall(queue, 'users.v1.UserService.getUser', raw);
    assert.equal(reply.statusText, 'OK');
    assert.equal(JSON.parse(reply.raw.toString()).id, 'u1');
    assert.equal(({} as { isAdmin?: boolean }).isAdmin, undefined);
    assert.equal(handlers.users.size, before);
  });

  it('keeps a __proto__ key of a Record as an own entry, end to end, and pollutes nothing', async () => {
    // An attacker's body: `__proto__` as a record key (escaped and not) and as a message key.
    const body = {
      ...JSON.parse(JSON.stringify({ ...request, avatar: undefined }, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
      quizScores: { poetry: [1] },
    };
    const raw = JSON.stringify(body)
      .replace('"preferences":{', '"preferences":{"__proto__":"admin","\\u005f_proto__":"escaped",')
      .replace('"quizScores":{', '"__proto__":{"isAdmin":true},"quizScores":{"__proto__":[1,null],');
    const reply = await rawCall(queue, 'users.v1.UserService.createUser', raw);
    assert.equal(reply.statusText, 'OK', reply.raw.toString());
    const stored = handlers.users.get(JSON.parse(reply.raw.toString()).id as string)!;
    // JSON keeps the last of two equal keys: the escaped spelling came second.
    assert.deepEqual(Object.entries(stored.preferences), [['__proto__', 'escaped'], ['theme', 'dark'], ['lang tag', 'en-GB']]);
    assert.equal(Object.getPrototypeOf(stored.preferences), Object.prototype);
    assert.deepEqual(stored.tags, ['__proto__', 'poetry'], 'the handler saw both quizScores keys');
    assert.equal(Object.getPrototypeOf(stored), Object.prototype);
    assert.equal(({} as { isAdmin?: boolean }).isAdmin, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin'), false);
    // The reply carries the key back, and the typed client decodes it as an own entry too.
    assert.equal(JSON.parse(reply.raw.toString()).preferences.__proto__, 'escaped');
    const fetched = await users.getUser({ id: stored.id });
    assert.equal(Object.getOwnPropertyDescriptor(fetched.preferences, '__proto__')?.value, 'escaped');
    assert.equal(Object.getPrototypeOf(fetched.preferences), Object.prototype);
  });

  it('answers a date that does not exist with INVALID_ARGUMENT naming the field, not a shifted date', async () => {
    for (const day of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-01-01T24:00:00Z', '0000-12-31T23:59:59Z']) {
      const body = JSON.stringify({ userId: 'u1', note: { text: 'hi', priority: 2, createdAt: day, updatedAt: '2024-02-29T00:00:00Z' } });
      const reply = await rawCall(queue, 'users.v1.UserService.addNote', body);
      assert.equal(reply.statusText, 'INVALID_ARGUMENT', day);
      assert.match(reply.message, new RegExp(`note\\.createdAt: expected .*, got "${day}"`));
    }
    const ok = JSON.stringify({ userId: 'u1', note: { text: 'hi', priority: 2, createdAt: '2024-02-29T23:59:59.999+01:00', updatedAt: '2024-02-29T00:00:00Z' } });
    const reply = await rawCall(queue, 'users.v1.UserService.addNote', ok);
    assert.equal(reply.statusText, 'OK');
    assert.equal(JSON.parse(reply.raw.toString()).createdAt, '2024-02-29T22:59:59.999Z');
  });

  it('does not send a reply that does not match its type: the caller gets INTERNAL', async () => {
    const original = handlers.getUser;
    handlers.getUser = () => ({ ...handlers.users.get('u1')!, age: 'old' }) as unknown as User;
    try {
      await assert.rejects(users.getUser({ id: 'u1' }), (err: unknown) => RpcError.is(err, 'INTERNAL'));
    } finally {
      handlers.getUser = original;
    }
  });
});

/** Publishes a JSON request with plain amqplib (no warren client, so no client-side validation). */
async function rawCall(queue: string, type: string, body: string): Promise<RawReply> {
  const { reply, channelError } = await rawRequest(queue, { type, body, contentType: ContentType.json, waitMs: 10_000 });
  assert.ok(reply, `no reply to the raw ${type} request within 10 s ${channelError?.message ?? ''}`);
  return reply;
}
