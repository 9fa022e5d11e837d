/**
 * Micro-benchmark of the per-call codec path: encode + decode of small messages, JSON and
 * protobuf, in one process. Not part of `npm run bench`; run it to compare two builds:
 *   node --import tsx bench/src/codec-micro.ts [rounds]
 * Prints the time per encode+decode (small messages) or per decode (1 MB bodies) of each case,
 * the median of `rounds` rounds that alternate the cases.
 */
import { type Codec } from '@warren/runtime';
import { jsonCodec, protobufCodec } from '@warren/runtime/codegen';
import { CalculateRequest } from '../../generated/calculator.js';
import { GetUserRequest, ListUsersReply, User } from '../../generated/users.js';

const calc = protobufCodec(CalculateRequest);
const getUser = jsonCodec(GetUserRequest);
const user = jsonCodec(User);

const sampleUser: User = {
  id: 'u1',
  name: 'Ada',
  email: 'ada@example.com',
  age: 36,
  verified: true,
  spentCents: 1234n,
  createdAt: new Date(1_700_000_000_000),
  lastLoginAt: null,
  roles: [],
  tier: 0,
  status: 'active',
  tags: ['a', 'b'],
  address: null,
  preferences: { theme: 'dark' },
  balance: { currency: 'EUR', units: 5n },
  contacts: [{ kind: 'email', address: 'ada@example.com' }],
};

interface Case {
  name: string;
  run: (n: number) => void;
}

function roundTrip<T>(codec: Codec<T>, value: T): (n: number) => void {
  return (n) => {
    for (let i = 0; i < n; i++) codec.decode(codec.encode(value));
  };
}

function decodeOnly<T>(codec: Codec<T>, value: T): (n: number) => void {
  const bytes = codec.encode(value);
  return (n) => {
    for (let i = 0; i < n; i++) codec.decode(bytes);
  };
}

// A ~1 MB body, twice: plain text, and the same size with `\u` escapes and the words
// `__proto__` / `constructor` in it (which used to send the parser down a slower path).
const bigReply = jsonCodec(ListUsersReply);
const page = (label: string): ListUsersReply => ({
  users: Array.from({ length: 2_700 }, (_, i) => ({ ...sampleUser, id: `u${i}`, name: label })),
  nextPageToken: null,
  total: 2_700n,
});
const plainPage = page('plain name here, ok');
const escapedPage = page('\u0000constructor\u0001');
const perRoundFor = (c: Case) => (c.name.startsWith('1 MB') ? 20 : 50_000);

const cases: Case[] = [
  { name: 'protobuf CalculateRequest {n}', run: roundTrip(calc, { n: 21n }) },
  { name: 'json GetUserRequest {id}', run: roundTrip(getUser, { id: 'u1' }) },
  { name: 'json User (16 fields, nested)', run: roundTrip(user, sampleUser) },
  { name: '1 MB json decode, plain text', run: decodeOnly(bigReply, plainPage) },
  { name: '1 MB json decode, \\u and __proto__', run: decodeOnly(bigReply, escapedPage) },
];
console.log(`bodies: ${bigReply.encode(plainPage).length} and ${bigReply.encode(escapedPage).length} bytes`);

const rounds = Number(process.argv[2] ?? 15);
const results = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (const c of cases) c.run(perRoundFor(c)); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    const n = perRoundFor(c);
    const start = process.hrtime.bigint();
    c.run(n);
    results.get(c.name)!.push(Number(process.hrtime.bigint() - start) / n);
  }
}
for (const [name, ns] of results) {
  ns.sort((a, b) => a - b);
  const unit = name.startsWith('1 MB') ? 1e6 : 1;
  const label = unit === 1 ? 'ns/op' : 'ms/op';
  const show = (v: number) => (v / unit).toFixed(unit === 1 ? 0 : 2);
  console.log(`${name.padEnd(36)} ${show(ns[Math.floor(ns.length / 2)]!).padStart(7)} ${label} (min ${show(ns[0]!)})`);
}
