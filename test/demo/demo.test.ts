import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AMQP_URL } from '../support/broker.js';

const demo = fileURLToPath(new URL('../../examples/src/demo.ts', import.meta.url));
const run = promisify(execFile);

/** Runs `npm run demo`'s script (the build is done before tests) with AMQP_URL set. */
async function runDemo(amqpUrl: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', demo], {
    env: { ...process.env, AMQP_URL: amqpUrl },
    timeout: 60_000,
  });
  return stdout.trim().split('\n');
}

/** The lines every run prints, whichever broker carried the calls. */
const results = [
  '[caller]  calculate({ n: 21 }) -> 42',
  '[caller]  calculate 1, 2, 3 at once -> 2, 4, 6',
  '[caller]  evaluate(3 + 4 + 5) -> 12 (3 + 4 = 7; 7 + 5 = 12)',
  '[caller]  evaluateSteps(2 * 3 * 4 * 5) step 1: 2 * 3 = 6',
  '[caller]  evaluateSteps(2 * 3 * 4 * 5) step 2: 6 * 4 = 24',
  '[caller]  evaluateSteps(2 * 3 * 4 * 5) step 3: 24 * 5 = 120',
  '[caller]  evaluate(1 / 0) -> RpcError OUT_OF_RANGE: division by zero at operand "zero"',
  'service drained and stopped; done',
];

describe('npm run demo', () => {
  it('says no broker answers, gives a hint, and runs on memory() when AMQP_URL points at a closed port', async () => {
    const lines = await runDemo('amqp://guest:secret@127.0.0.1:1');
    assert.match(lines[0]!, /^No RabbitMQ answers at amqp:\/\/guest:\*+@127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)\.$/);
    assert.ok(!lines.join('\n').includes('secret'), 'the password is not printed');
    assert.match(lines[1]!, /^Hint: start one with .*rabbitmq/);
    assert.match(lines[2]!, /memory\(\)/);
    assert.match(lines[3]!, /^\[service\] calculator service ready on queue calculator\.v1\.Calculator \(in this process, on memory\(\)\)$/);
    assert.deepEqual(lines.slice(4), results);
  });

  it('uses the RabbitMQ at AMQP_URL, with the service in a child process, when one answers', async () => {
    const lines = await runDemo(AMQP_URL);
    assert.match(lines[0]!, /^connected to RabbitMQ at amqp:\/\//);
    assert.match(lines[1]!, /^\[service\] calculator service ready on queue calculator\.v1\.Calculator \(pid \d+\)$/);
    assert.deepEqual(lines.slice(2), results);
  });
});
