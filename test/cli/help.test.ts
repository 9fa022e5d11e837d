import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runWarren } from './support/run-warren.js';

describe('warren --help', () => {
  it('lists every command with examples and the exit codes', async () => {
    const { code, stdout } = await runWarren(['--help']);
    assert.equal(code, 0);
    for (const command of ['codegen', 'scaffold', 'list', 'call', 'breaking']) assert.match(stdout, new RegExp(`warren ${command}`));
    assert.match(stdout, /Examples:/);
    assert.match(stdout, /Exit codes:/);
  });

  for (const command of ['codegen', 'scaffold', 'list', 'call', 'breaking']) {
    it(`warren ${command} --help shows its flags and examples`, async () => {
      const { code, stdout } = await runWarren([command, '--help']);
      assert.equal(code, 0);
      assert.match(stdout, /Options:/);
      assert.match(stdout, /Examples:/);
      assert.match(stdout, new RegExp(`warren ${command}`));
    });
  }

  it('exits 1 and names the choices for an unknown command', async () => {
    const { code, stderr } = await runWarren(['codgen']);
    assert.equal(code, 1);
    assert.match(stderr, /codgen/);
    assert.match(stderr, /Did you mean codegen/);
  });

  it('exits 1 when no command is given', async () => {
    const { code, stderr } = await runWarren([]);
    assert.equal(code, 1);
    assert.match(stderr, /Name a command/);
  });
});
