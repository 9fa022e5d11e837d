import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { waitForLock } from '../support/machine-lock.js';

// One cluster at a time on the machine (test/cluster/cluster-suite.ts): a lock other test
// processes wait for, given back when its holder releases it or dies.

const script = new URL('../support/machine-lock.ts', import.meta.url).pathname;
const name = `harness-test-${process.pid}`;

/** Another process holding lock `name` until killed (SIGKILL: no exit hook runs). */
async function otherHolder(): Promise<{ pid: number; kill: () => Promise<void> }> {
  const code = `const { waitForLock } = await import(${JSON.stringify(script)});
await waitForLock(${JSON.stringify(name)}, 1000);
console.log('held');
setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

describe('a lock across test processes', () => {
  it('waits while another process holds it, names the holder on timeout, and takes it over once the holder is dead', async () => {
    const other = await otherHolder();
    try {
      await assert.rejects(waitForLock(name, 1_200), new RegExp(`still held after 1200 ms \\(by pid ${other.pid}\\)`));
    } finally {
      await other.kill();
    }
    const release = await waitForLock(name, 2_000);
    // Held by this process now: a second taker waits.
    await assert.rejects(waitForLock(name, 600), /still held/);
    release();
    (await waitForLock(name, 600))();
  });
});
