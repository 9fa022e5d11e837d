/**
 * Micro-benchmark of the per-call codec path: encode + decode of small messages, JSON and
 * protobuf, in one process. Not part of `npm run bench`; run it to compare two builds:
 *   node --import tsx bench/src/codec-micro.ts [rounds]
 * Prints ns per encode+decode for each case, the median of `rounds` alternating rounds.
 */
import { jsonCodec, protobufCodec, type Codec } from '@warren/runtime';
import { CalculateRequest } from '../../generated/calculator.js';
import { GetUserRequest, User } from '../../generated/users.js';

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

const cases: Case[] = [
  { name: 'protobuf CalculateRequest {n}', run: roundTrip(calc, { n: 21n }) },
  { name: 'json GetUserRequest {id}', run: roundTrip(getUser, { id: 'u1' }) },
  { name: 'json User (16 fields, nested)', run: roundTrip(user, sampleUser) },
];

const rounds = Number(process.argv[2] ?? 15);
const perRound = 50_000;
const results = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (const c of cases) c.run(perRound); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    const start = process.hrtime.bigint();
    c.run(perRound);
    results.get(c.name)!.push(Number(process.hrtime.bigint() - start) / perRound);
  }
}
for (const [name, ns] of results) {
  ns.sort((a, b) => a - b);
  console.log(`${name.padEnd(34)} ${ns[Math.floor(ns.length / 2)]!.toFixed(0).padStart(6)} ns/op (min ${ns[0]!.toFixed(0)})`);
}
