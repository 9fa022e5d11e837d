import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as amqp from 'amqplib';
import { BrokerAdmin } from '../src/broker.js';
import { buildChildren } from '../src/build.js';
import { parseOptions } from '../src/options.js';
import { DEFAULT_AMQP_URL } from '../src/scenario.js';
import { runStreams, STREAM_CREDITS } from '../src/stream-part.js';
import { judgeStreamTargets, renderStreams } from '../src/stream-report.js';

const url = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;

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
