/**
 * What the .proto locator beside protobufjs costs (docs/architecture.md): codegen tokenizes
 * each .proto a second time, because protobufjs's parser keeps no line or column for what it
 * declares. Times protobufjs's parse and the locator on every .proto under contracts/,
 * alternating, in one process. Not part of `npm run bench`:
 *   node --import tsx bench/src/proto-locator-cost.ts [rounds]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { ProtoLocator } from '../../packages/codegen/src/parse/proto/proto-locator.js';

const contracts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../contracts');
const files = readdirSync(contracts, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.proto'))
  .map((f) => ({ name: f, source: readFileSync(path.join(contracts, f), 'utf8') }));
const bytes = files.reduce((n, f) => n + f.source.length, 0);

const cases = {
  'protobufjs parse': () => files.forEach((f) => protobuf.parse(f.source, new protobuf.Root(), { keepCase: true })),
  'ProtoLocator': () => files.forEach((f) => new ProtoLocator(f.name, f.source)),
};
const n = 200;
const rounds = Number(process.argv[2] ?? 21);
const times = new Map<string, number[]>(Object.keys(cases).map((k) => [k, []]));
for (const run of Object.values(cases)) for (let i = 0; i < n; i++) run(); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) run();
    times.get(name)!.push(Number(process.hrtime.bigint() - start) / n / 1e3);
  }
}
console.log(`${files.length} .proto files, ${bytes} characters; µs per pass over all of them: median (fastest round)`);
for (const [name, us] of times) {
  us.sort((a, b) => a - b);
  console.log(`${name.padEnd(18)} ${us[Math.floor(us.length / 2)]!.toFixed(0).padStart(6)} (${us[0]!.toFixed(0)})`);
}
