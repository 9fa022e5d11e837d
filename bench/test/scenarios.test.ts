import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as amqp from 'amqplib';
import { brokerCpuReader } from '../src/broker-cpu.js';
import { buildChildren } from '../src/build.js';
import { parseOptions } from '../src/options.js';
import { DEFAULT_AMQP_URL, IMPLS, requestQueue } from '../src/scenario.js';
import { LONE_CALLER_SLICES, runThroughput } from '../src/throughput.js';
import { BrokerAdmin } from '../src/broker.js';
import { runStreams, STREAM_CREDITS } from '../src/stream-part.js';
import { judgeStreamTargets, renderStreams } from '../src/stream-report.js';

const url = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;

async function queueExists(conn: amqp.ChannelModel, queue: string): Promise<boolean> {
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  try {
    await ch.checkQueue(queue);
    await ch.close();
    return true;
  } catch {
    return false; // 404: the broker closed the channel
  }
}

test('every implementation serves real calls across processes and deletes its queues', { timeout: 180_000 }, async () => {
  process.env.AMQP_URL = url;
  buildChildren();
  const options = parseOptions(['--size=small,10KiB', '--concurrency=1,4', '--repeats=2', '--warmup-ms=100', '--measure-ms=300', '--no-write'], {});
  const runId = `test${Date.now().toString(36)}`;
  const lines: string[] = [];
  const cells = await runThroughput(options, runId, (l) => lines.push(l));
  const brokerLocal = brokerCpuReader(url) !== undefined;

  assert.equal(cells.length, IMPLS.length * 4);
  for (const c of cells) {
    assert.equal(c.failed, 0, `${c.impl} ${c.size}: ${c.firstError}`);
    assert.ok(c.callsPerSecond > 0 && c.p50 > 0 && c.p99 >= c.p50, `${c.impl} ${c.size} measured nothing`);
    assert.equal(c.perRepeat.length, 2, 'one reading per round, a lone caller\'s slices merged');
    assert.ok(c.serverCpuMicros > 0, `${c.impl}: the server handled no calls`);
    // With the broker on this machine (CI's case) its CPU per call must be read, and be plausible.
    if (brokerLocal) assert.ok(c.brokerCpuMicros !== undefined && c.brokerCpuMicros > 0 && c.brokerCpuMicros < 100_000, `${c.impl}: broker CPU ${c.brokerCpuMicros}`);
  }
  // An unrecorded warm-up pass first; then alternation: the first cell of round 1 starts
  // with the first implementation, the next one with the last.
  assert.match(lines[0]!, /warming up/);
  const rounds = lines.filter((l) => l.includes('round '));
  assert.match(rounds[0]!, new RegExp(IMPLS[0]));
  assert.match(rounds[IMPLS.length]!, new RegExp(IMPLS[IMPLS.length - 1]!));
  assert.ok(rounds.filter((l) => l.includes('c=1 ')).every((l) => l.includes(`(${LONE_CALLER_SLICES} slices)`)), 'c=1 in slices');
  assert.ok(rounds.filter((l) => l.includes('c=4 ')).every((l) => !l.includes('slices')), 'c=4 in one window');

  const conn = await amqp.connect(url);
  try {
    for (const impl of IMPLS) {
      const q = requestQueue(runId, impl);
      assert.equal(await queueExists(conn, q), false, `${q} left behind`);
      assert.equal(await queueExists(conn, `${q}.dead-letter`), false, `${q}.dead-letter left behind`);
    }
  } finally {
    await conn.close();
  }
});

// In this file, after the test above: both compile bench/dist, which must not run at once.
test('the streaming part streams every item across processes, samples both RSSes, judges, and deletes its queue', { timeout: 120_000 }, async () => {
  process.env.AMQP_URL = url;
  buildChildren();
  const options = parseOptions(['--only=stream', '--quick', '--repeats=1', '--no-write'], {});
  const runId = `test${Date.now().toString(36)}`;
  const admin = await BrokerAdmin.open(url);
  const lines: string[] = [];
  let results;
  try {
    results = await runStreams(options, runId, admin, (l) => lines.push(l));
  } finally {
    await admin.close();
  }
  assert.deepEqual(results.rows.map((r) => r.credit), [...STREAM_CREDITS]);
  for (const row of results.rows) {
    assert.equal(row.items, 50_000);
    assert.equal(row.itemsPerSecond.length, 1);
    assert.ok(row.itemsPerSecond[0]! > 0 && row.clientCpuMicrosPerItem[0]! > 0, JSON.stringify(row));
  }
  const { slow } = results;
  assert.equal(slow.itemsRead, 200, '--quick reads 2 s at 100 items/s');
  assert.ok(slow.clientStart > 0 && slow.clientPeak >= slow.clientStart, JSON.stringify(slow));
  assert.ok(slow.serverStart > 0 && slow.serverPeak >= slow.serverStart, 'the server process reported its RSS');
  const verdicts = judgeStreamTargets(results);
  assert.equal(verdicts.length, 2);
  assert.ok(verdicts.every((v) => v.verdict === 'met' || v.verdict === 'not met'), JSON.stringify(verdicts));
  assert.ok(renderStreams(results).some((l) => l.startsWith('| 32 | **')), 'the report has the default credit\'s row');
  assert.equal(lines.filter((l) => l.includes('one stream')).length, STREAM_CREDITS.length);

  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    await assert.rejects(ch.checkQueue(`warren.bench.${runId}.stream`), 'the stream queue is deleted');
  } finally {
    await conn.close();
  }
});
