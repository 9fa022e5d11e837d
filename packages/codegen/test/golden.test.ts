import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateCase, goldenCases, readExpected } from './golden-cases.js';

// Each case: contracts in, expected modules checked in. On a failure, inspect the diff and
// run `npm run golden:update` if the change is intended.
describe('golden files', () => {
  const cases = goldenCases();

  it('has cases to check', () => assert.ok(cases.length > 0));

  for (const c of cases) {
    it(`${c.name}: generates exactly the expected modules`, () => {
      const files = generateCase(c);
      const expectedFiles = listTs(c.expectedDir);
      assert.deepEqual(files.map((f) => f.path).sort(), expectedFiles, 'set of generated files');
      for (const f of files) assert.equal(f.content, readExpected(c, f.path), `${c.name}/expected/${f.path}`);
    });

    it(`${c.name}: is deterministic`, () => {
      assert.deepEqual(generateCase(c), generateCase(c));
    });
  }
});

function listTs(dir: string, prefix = ''): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out = out.concat(listTs(`${dir}/${e.name}`, rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out.sort();
}
