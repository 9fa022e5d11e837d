import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { freePorts, releasePorts } from '../support/free-ports.js';

// The brokers of test files running at the same time (PrivateBroker, TlsBroker, the cluster)
// take their ports here: a port + its offsets is reserved for one process until released, so
// two files never pick overlapping ports while an Erlang node is still booting.

const MIN = 6400;
const MAX = 6409;
const script = new URL('../support/free-ports.ts', import.meta.url).pathname;

/** Another process reserving `count` ports of MIN..MAX with +1 (as a TLS broker does); it holds them until killed. */
async function otherProcess(count: number): Promise<{ ports: number[]; kill: () => Promise<void> }> {
  const code = `const { freePorts } = await import(${JSON.stringify(script)});
console.log(JSON.stringify(await freePorts(${count}, ${MIN}, ${MAX}, [1])));
setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    ports: JSON.parse(line.toString()) as number[],
    kill: async () => {
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

const withOffset = (ports: number[]) => ports.flatMap((p) => [p, p + 1]);

describe('free ports for private brokers', () => {
  it('never hands a port, or its offset, to two processes at once; a killed holder\'s ports are taken over', async () => {
    const other = await otherProcess(3);
    try {
      // One group: the other's three sit side by side, so at least one pair of the 4-5 ports
      // left is free; two could fail (a CI run did), as this search may start between them.
      const mine = await freePorts(1, MIN, MAX, [1]);
      const overlap = withOffset(mine).filter((p) => withOffset(other.ports).includes(p));
      assert.deepEqual(overlap, [], `mine ${mine}, the other process's ${other.ports}`);
      releasePorts(mine);
      // 10 ports with +1: at most 5 groups; the other holds 3 groups (6 ports), so 2 more are all there is.
      await assert.rejects(freePorts(3, MIN, MAX, [1]), /fewer than 3 free ports in 6400-6409/);
    } finally {
      await other.kill();
    }
    // Its reservations outlive it on disk (SIGKILL runs no exit hook); a dead holder's are taken over.
    const after = await freePorts(4, MIN, MAX, [1]);
    assert.equal(after.length, 4);
    releasePorts(after);
  });

  it('two reservations in one process at once do not overlap either', async () => {
    const [a, b] = await Promise.all([freePorts(2, MIN, MAX, [1]), freePorts(2, MIN, MAX, [1])]);
    assert.deepEqual(withOffset(a!).filter((p) => withOffset(b!).includes(p)), []);
    releasePorts([...a!, ...b!]);
  });
});
