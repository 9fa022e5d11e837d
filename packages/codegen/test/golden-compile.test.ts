import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.resolve(here, '../../../node_modules/typescript/bin/tsc');

// Every golden case's expected output must compile under tsc --strict (the settings of
// golden/tsconfig.json, which extends the repository's strict base).
it('every golden expected/ output compiles under tsc --strict', () => {
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(here, 'golden', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});
