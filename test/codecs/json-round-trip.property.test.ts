import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError, type CodecLimits } from '@warren/runtime';
import { jsonCodec } from '@warren/runtime/codegen';
import { OrgUnit, Role, Tier, User, type Contact } from '../../generated/users.js';

// Issue 14, item 4: every value the JSON encoder produces decodes back to an equal value,
// within the nesting limit: any strings (control characters, lone surrogates, quotes,
// U+2028), record keys (`__proto__`, `constructor`, ''), dates across the whole range,
// bigints, bytes, and recursion (User.manager, OrgUnit.children) up to and past the limit.
// What the encoder refuses is only a DecodeError, and only for depth.

const users = jsonCodec(User);
const orgUnits = jsonCodec(OrgUnit);

/** Strings with every code unit JSON must escape or carry: controls, lone surrogates, quotes. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom('\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '"', '\\', '/', 'é', '😀', 'a'), { maxLength: 8 }).map((a) => a.join('')),
);
const key = fc.oneof(text, fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', ''));
/** A record built with own properties only, as decoded records are (`__proto__` included). */
const record = <T>(value: fc.Arbitrary<T>) =>
  fc.array(fc.tuple(key, value), { maxLength: 4 }).map((entries) => {
    const out: Record<string, T> = {};
    for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
const date = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
// JSON has no -0: it is sent, and comes back, as 0.
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
const contact: fc.Arbitrary<Contact> = fc.oneof(
  fc.record({ kind: fc.constant('email' as const), address: text }),
  fc.record({ kind: fc.constant('phone' as const), number: text, extension: text }, { requiredKeys: ['kind', 'number'] }),
);

const userFields = fc.record(
  {
    id: text,
    name: text,
    email: text,
    age: number,
    verified: fc.boolean(),
    spentCents: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    createdAt: date,
    lastLoginAt: fc.option(date, { nil: null }),
    avatar: fc.uint8Array({ maxLength: 8 }),
    roles: fc.array(fc.constantFrom(Role.Viewer, Role.Editor, Role.Admin), { maxLength: 3 }),
    tier: fc.constantFrom(Tier.Free, Tier.Pro, Tier.Enterprise),
    status: fc.constantFrom('active' as const, 'suspended' as const, 'deleted' as const),
    tags: fc.array(text, { maxLength: 3 }),
    address: fc.option(fc.record({ street: text, city: text, country: text, postcode: text }, { requiredKeys: ['street', 'city', 'country'] }), { nil: null }),
    preferences: record(text),
    balance: fc.record({ currency: text, units: fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }) }),
    contacts: fc.array(contact, { maxLength: 2 }),
  },
  { requiredKeys: ['id', 'name', 'email', 'age', 'verified', 'spentCents', 'createdAt', 'lastLoginAt', 'roles', 'tier', 'status', 'tags', 'address', 'preferences', 'balance', 'contacts'] },
) as fc.Arbitrary<User>;

/** A chain of users through `manager` (0 to `max` managers), the last manager null or absent. */
const userChain = (max: number) =>
  fc.tuple(fc.array(userFields, { minLength: 1, maxLength: max + 1 }), fc.boolean()).map(([chain, nullEnd]) => {
    const top = chain.map((u) => ({ ...u }));
    for (let i = 0; i < top.length - 1; i++) top[i]!.manager = top[i + 1]!;
    if (nullEnd) top[top.length - 1]!.manager = null;
    return top[0]!;
  });

const orgUnit: fc.Arbitrary<OrgUnit> = fc.letrec<{ unit: OrgUnit }>((tie) => ({
  unit: fc.record({
    name: text,
    lead: fc.option(userFields, { nil: null }),
    // Up to 60 levels (120 in JSON, past the limit), so generation cannot overflow the stack.
    children: fc.oneof({ maxDepth: 60, depthIdentifier: 'org' }, fc.constant<OrgUnit[]>([]), fc.array(tie('unit'), { maxLength: 2, depthIdentifier: 'org' })),
  }),
})).unit;

/**
 * fast-check builds records without a prototype; decoded values are plain objects, and
 * deepStrictEqual compares prototypes. Copies keep `__proto__` keys as own properties.
 */
function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plain) as T;
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(copy, k, { value: plain(v), enumerable: true, writable: true, configurable: true });
  return copy as T;
}

/** Encodes under `limits`; when that works, decoding under the same limits gives the value back. */
function roundTrips<T>(codec: ReturnType<typeof jsonCodec<T>>, value: T, limits?: CodecLimits): boolean {
  let bytes: Uint8Array;
  try {
    bytes = codec.encode(value, limits);
  } catch (err) {
    // The only thing the encoder may refuse in these values is depth.
    assert.ok(err instanceof DecodeError, String(err));
    assert.match(err.problem, /^nested deeper than the limit of \d+ levels/);
    return false;
  }
  assert.deepStrictEqual(codec.decode(bytes, limits), plain(value));
  return true;
}

describe('JSON codecs: what the encoder writes, the decoder reads back', () => {
  it('users of any content, chained through manager, at the default limit', () => {
    fc.assert(fc.property(userChain(3), (user) => assert.ok(roundTrips(users, user))), { numRuns: 300 });
  });

  it('org trees of any shape and content (a tree deeper than the limit is refused on encode)', () => {
    let accepted = 0;
    fc.assert(fc.property(orgUnit, (unit) => void (roundTrips(orgUnits, unit) && accepted++)), { numRuns: 200 });
    assert.ok(accepted > 150, `${accepted} of 200 trees round-tripped`);
  });

  it('around the nesting limit: encode succeeds exactly when decode does, for any maxDepth', () => {
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(userChain(24), fc.integer({ min: 1, max: 30 }), (user, maxDepth) => {
        if (roundTrips(users, user, { maxDepth })) accepted++;
        else refused++;
      }),
      { numRuns: 300 },
    );
    assert.ok(refused > 20 && accepted > 20, `both sides of the limit were tried (${accepted} accepted, ${refused} refused)`);
  });

  it('a manager chain as deep as the default limit allows, with control characters in every string', () => {
    const levels: User[] = [];
    for (let i = 0; i < 200; i++) {
      levels.push({
        id: `u${i}\u0000`, name: '\u0001\ud800"\\', email: '\u2028', age: i, verified: true, spentCents: 0n,
        createdAt: new Date('0001-01-01T00:00:00.000Z'), lastLoginAt: new Date('9999-12-31T23:59:59.999Z'),
        roles: [], tier: Tier.Free, status: 'active', tags: ['\u001f'], address: null,
        preferences: JSON.parse('{"__proto__":"\\u0000","constructor":"x"}') as Record<string, string>,
        balance: { currency: '\u0000', units: 1n }, contacts: [],
      });
    }
    for (let i = 0; i < levels.length - 1; i++) levels[i]!.manager = levels[i + 1]!;
    // The deepest chain that encodes: find it, then it must decode; one more must not encode.
    let fits = 0;
    for (let n = 1; n < levels.length; n++) {
      const top = levels.slice(0, n).map((u) => ({ ...u }));
      for (let i = 0; i < n - 1; i++) top[i]!.manager = top[i + 1]!;
      delete top[n - 1]!.manager;
      if (!roundTrips(users, top[0]!)) break;
      fits = n;
    }
    // Each User is one level, its preferences/roles/tags/balance one more: 99 users fit in 100.
    assert.equal(fits, 99);
  });
});
