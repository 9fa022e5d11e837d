#!/usr/bin/env node
// Runs every *.test.ts in the repo with Node's own test runner (through tsx), in one
// invocation so the closing summary counts all of them. Node 20's --test takes no globs,
// so the files are found here. Pass paths or substrings to run a subset:
//   node scripts/run-tests.mjs test/e2e            node scripts/run-tests.mjs codegen
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const roots = ['packages', 'test', 'examples', 'bench'];
const skip = new Set(['node_modules', 'dist', '.turbo', 'golden']);

function find(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) find(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap((r) => find(r, []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
