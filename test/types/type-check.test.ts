import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

// expectTypeOf does nothing at run time: a false type assertion in test/types/*.test.ts
// passes under node:test. So the type tests are compiled here, by tsc, and the run fails
// when they do not compile; the fixture proves that a wrong assertion is caught.
const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.resolve(here, '../../node_modules/typescript/bin/tsc');

function typecheck(project: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', path.join(here, project)], { cwd: here }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('type tests are type-checked by the suite itself', () => {
  it('every test/types/*.test.ts compiles (its expectTypeOf assertions hold)', { timeout: 120_000 }, async () => {
    const { code, output } = await typecheck('tsconfig.json');
    assert.equal(code, 0, `tsc rejected the type tests:\n${output}`);
  });

  it('a deliberately wrong assertion (fixtures/wrong-type-assertion.mts) fails to compile, at its line only', { timeout: 120_000 }, async () => {
    const { code, output } = await typecheck('fixtures/tsconfig.json');
    assert.notEqual(code, 0, 'tsc accepted a false type assertion');
    const errors = output.split('\n').filter((l) => l.includes('error TS'));
    assert.equal(errors.length, 1, output);
    assert.match(errors[0]!, /wrong-type-assertion\.mts\(9,\d+\): error TS2344: .*Expected: number, Actual: string/);
  });
});
