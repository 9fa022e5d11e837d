import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AMQP_URL } from '../support/broker.js';

const demo = fileURLToPath(new URL('../../examples/src/demo.ts', import.meta.url));
const run = promisify(execFile);

/** `npm run demo -- --trace`'s script (the build is done before tests); its lines after the calls. */
async function traceOf(amqpUrl: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', demo, '--trace'], { env: { ...process.env, AMQP_URL: amqpUrl }, timeout: 60_000 });
  const lines = stdout.trim().split('\n');
  assert.ok(lines.includes('service drained and stopped; done'), stdout);
  return lines.slice(lines.indexOf('spans of these calls (--trace):') + 1);
}

/** Each CLIENT span with the SERVER span under it: same method, same correlation id, one level deeper. */
function pairs(lines: string[]): { client: string; server: string }[] {
  const out: { client: string; server: string }[] = [];
  for (const [i, line] of lines.entries()) {
    const client = /^    CLIENT (\S+) \[demo\] span [0-9a-f]{16}: .*, (\w+), correlation id (\S+)$/.exec(line);
    if (!client) continue;
    const server = /^      SERVER (\S+) \[(\w+)\] span [0-9a-f]{16}: .*, (\w+), correlation id (\S+)$/.exec(lines[i + 1] ?? '');
    assert.ok(server, `a SERVER span under ${line}; got ${lines[i + 1]}`);
    assert.deepEqual([server[1], server[3], server[4]], [client[1], client[2], client[3]], 'the same method, status and correlation id');
    out.push({ client: line, server: `${server[2]} ${server[3]}` });
  }
  return out;
}

describe('npm run demo -- --trace', () => {
  it('prints one trace: the demo span, a CLIENT span per call, each with the service process\'s SERVER span under it', async () => {
    const lines = await traceOf(AMQP_URL);
    assert.match(lines[0]!, /^trace [0-9a-f]{32}$/);
    assert.equal(lines.filter((l) => l.startsWith('trace ')).length, 1, 'one trace');
    assert.match(lines[1]!, /^  INTERNAL demo \[demo\] span [0-9a-f]{16}: at \+0\.0 ms for [\d.]+ ms$/);
    const found = pairs(lines);
    assert.equal(found.length, 6, lines.join('\n'));
    // In start order: five calls that succeed, then the division by zero.
    assert.deepEqual(found.map((p) => p.server), [...Array(5).fill('service OK'), 'service OUT_OF_RANGE']);
    assert.equal(lines.length, 2 + 12, 'nothing else');
  });

  it('on memory() too, when no broker answers: both sides in the demo process', async () => {
    const lines = await traceOf('amqp://guest:guest@127.0.0.1:1');
    assert.equal(lines.filter((l) => l.startsWith('trace ')).length, 1);
    assert.deepEqual(pairs(lines).map((p) => p.server.split(' ')[0]), Array(6).fill('demo'));
  });
});
