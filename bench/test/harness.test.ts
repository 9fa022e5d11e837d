import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { quantile } from '../src/load.js';
import { parseOptions } from '../src/options.js';
import { brokerCpuReader } from '../src/broker-cpu.js';
import { mergeSlices, runOrder } from '../src/throughput.js';
import { END_MARKER, renderResults, START_MARKER, writeResults } from '../src/report.js';
import type { MachineInfo } from '../src/machine.js';
import { judgeTargets } from '../src/targets.js';
import type { Cell } from '../src/throughput.js';

test('quantile takes the nearest rank of sorted samples', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(quantile(sorted, 0.5), 50);
  assert.equal(quantile(sorted, 0.99), 99);
  assert.equal(quantile([7], 0.99), 7);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test('a full run writes the docs; quick and partial runs only with --write', () => {
  assert.equal(parseOptions([], {}).write, true);
  assert.equal(parseOptions(['--quick'], {}).write, false);
  assert.equal(parseOptions([], { BENCH_QUICK: '1' }).quick, true);
  assert.equal(parseOptions(['--only=codegen'], {}).write, false);
  assert.equal(parseOptions(['--only=codegen', '--write'], {}).write, true);
  assert.equal(parseOptions(['--no-write'], {}).write, false);
  const quick = parseOptions(['--quick'], {});
  assert.ok(quick.measureMs < parseOptions([], {}).measureMs);
});

test('each cell flips its order from one round to the next, and from one cell to the next', () => {
  const impls = ['a', 'b', 'c'];
  const cells = 9; // odd, as in the full run (3 sizes x 3 concurrencies)
  for (let cell = 0; cell < cells; cell++) {
    assert.deepEqual([...runOrder(impls, 1, cell)], [...runOrder(impls, 0, cell)].reverse(), `cell ${cell}`);
    if (cell > 0) assert.notDeepEqual(runOrder(impls, 0, cell), runOrder(impls, 0, cell - 1));
  }
});

test("a round's slices merge into one reading: calls over the slices' total time", () => {
  const slice = (calls: number, seconds: number, latency: number, start: number, firstError?: string) => ({
    calls, failed: firstError ? 1 : 0, seconds, latencies: Array(calls).fill(latency), cpuMicros: 100, totalCalls: calls + 1,
    windowStartMicros: start, windowEndMicros: start + seconds * 1e6, ...(firstError ? { firstError } : {}),
  });
  const merged = mergeSlices([slice(10, 0.25, 1, 5e6), slice(30, 0.25, 2, 1e6, 'boom'), slice(0, 0.5, 3, 9e6, 'later')]);
  assert.equal(merged.calls / merged.seconds, 40);
  assert.deepEqual([merged.failed, merged.cpuMicros, merged.totalCalls, merged.latencies.length], [2, 300, 43, 40]);
  assert.deepEqual([merged.windowStartMicros, merged.windowEndMicros, merged.firstError], [1e6, 9.5e6, 'boom']);
});

test('options reject unknown implementations with the valid ones and an example', () => {
  assert.throws(() => parseOptions(['--impl=warren,amqplib-direct'], {}), /unknown "warren".*warren-direct.*--impl=warren-direct/);
  assert.throws(() => parseOptions(['--repeats=0'], {}), /--repeats: expected a positive integer/);
  assert.deepEqual(parseOptions(['--concurrency=4,8'], {}).concurrencies, [4, 8]);
  assert.equal(parseOptions([], {}).profileConcurrency, 128);
  assert.equal(parseOptions(['--profile-concurrency=1'], {}).profileConcurrency, 1);
  assert.throws(() => parseOptions(['--profile-concurrency=x'], {}), /--profile-concurrency: expected a positive integer/);
  assert.equal(parseOptions([], {}).profileSize, 'small');
  assert.equal(parseOptions(['--profile-size=10KiB'], {}).profileSize, '10KiB');
  assert.throws(() => parseOptions(['--profile-size=10k'], {}), /--profile-size: unknown "10k"; expected one of small,10KiB,1MiB, for example --profile-size=small/);
});

test('writeResults replaces only the generated section and keeps the hand-written text', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-report-'));
  try {
    const file = path.join(dir, 'benchmarks.md');
    writeFileSync(file, `# Benchmarks\n\nhand-written intro\n\n${START_MARKER}\nold numbers\n${END_MARKER}\n\nhand-written outro\n`);
    writeResults(file, `${START_MARKER}\nnew numbers\n${END_MARKER}`);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /hand-written intro/);
    assert.match(text, /hand-written outro/);
    assert.match(text, /new numbers/);
    assert.doesNotMatch(text, /old numbers/);
    writeFileSync(file, '# Benchmarks\n\nno markers yet\n');
    writeResults(file, `${START_MARKER}\nfirst numbers\n${END_MARKER}`);
    assert.match(readFileSync(file, 'utf8'), /no markers yet\n\n<!-- bench:results:start[^\n]*\nfirst numbers/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function cell(impl: Cell['impl'], concurrency: number, callsPerSecond: number, p50: number): Cell {
  return { impl, size: 'small', concurrency, perRepeat: [callsPerSecond], callsPerSecond, p50, p99: p50 * 3, failed: 0, clientCpuMicros: 1, serverCpuMicros: 1, brokerCpuMicros: undefined };
}

test('targets are judged from the same run: ratios, latency, codegen and memory', () => {
  const cells = [
    cell('warren-direct', 128, 1300, 10),
    cell('amqplib-direct', 128, 1000, 10),
    cell('rabbitmq-client', 128, 700, 20),
    cell('warren-direct', 1, 500, 1.06),
    cell('amqplib-direct', 1, 520, 1.0),
  ];
  const codegen = [
    { name: 'shipped contracts (contracts/)', services: 3, status: 'ok' as const, wallMs: [400, 900, 1200], reportedMs: [], cachedWallMs: [300] },
    { name: '200 synthetic services, TypeScript interfaces', services: 200, status: 'not-supported' as const, wallMs: [], reportedMs: [], cachedWallMs: [], detail: 'not supported yet' },
  ];
  const memory = [{ impl: 'warren-direct' as const, calls: 10_000, rssBareNode: 38 * 2 ** 20, rssIdle: 40 * 2 ** 20, rssInFlight: 49 * 2 ** 20, heapInFlight: 0, arrayBuffersInFlight: 0, queued: 10_000, burstMs: 900, ok: 10_000, failed: 0 }];
  const verdicts = new Map(judgeTargets(cells, codegen, memory).map((t) => [t.target, t.verdict]));
  const find = (part: string) => [...verdicts].find(([k]) => k.includes(part))?.[1];
  assert.equal(find('warren-direct: calls/s at c=128 (small) >= 1.2x'), 'met');
  assert.equal(find('warren-direct: calls/s at c=128 (small) >= 2x'), 'not met'); // 1300 / 700
  assert.equal(find('warren-direct: never below'), 'not met'); // 500 / 520 at c=1
  assert.equal(find('warren-direct: p50'), 'not met'); // 6% slower
  assert.equal(find('warren-queue: calls/s at c=128 (small) >= 1.2x'), 'not measured');
  assert.equal(find('shipped'), 'met'); // median 900 ms
  assert.equal(find('TypeScript'), 'not yet supported');
  assert.equal(find('.proto'), 'not measured');
  assert.equal(find('warren-direct: 10000 calls in flight in under 50 MiB'), 'met'); // 49 MiB in all
  assert.equal(find('warren-direct: 10000 calls in flight add under 50 MiB'), 'met'); // +9 MiB
  const heavy = [{ ...memory[0]!, rssIdle: 54 * 2 ** 20, rssInFlight: 100 * 2 ** 20 }];
  const judged = new Map(judgeTargets(cells, codegen, heavy).map((t) => [t.target, t.verdict]));
  assert.equal([...judged].find(([k]) => k.includes('in under 50 MiB'))?.[1], 'not met'); // 100 MiB in all
  assert.equal([...judged].find(([k]) => k.includes('add under 50 MiB'))?.[1], 'met'); // +46 MiB
});

const localBroker = !process.env.AMQP_URL || /@(127\.0\.0\.1|localhost)[:/]/.test(process.env.AMQP_URL);

test('the broker CPU reader finds the local RabbitMQ node, and no node for a remote broker', { skip: !localBroker && 'AMQP_URL is not on this machine' }, () => {
  assert.equal(brokerCpuReader('amqp://guest:guest@broker.example.com:5672'), undefined);
  assert.equal(brokerCpuReader('not a url'), undefined);
  const read = brokerCpuReader('amqp://guest:guest@127.0.0.1:5672');
  assert.ok(read, 'the test broker runs on this machine: its beam.smp must be found');
  const first = read();
  assert.ok(first > 0 && read() >= first, 'CPU time read and never going back');
});

test('tracing on against off: judged at c=128 from warren-queue-traced over warren-queue, and shown per cell in the report', () => {
  const traced = (rate: number, rounds: number[]) => ({ ...cell('warren-queue-traced', 128, rate, 12), perRepeat: rounds });
  const off = { ...cell('warren-queue', 128, 1000, 10), perRepeat: [1000, 1000] };
  const verdict = (cells: Cell[]) => judgeTargets(cells, [], []).find((t) => t.target.startsWith('tracing on costs'))!;
  assert.deepEqual(verdict([off, traced(870, [860, 880])]), {
    target: 'tracing on costs <= 15% at c=128 (small): warren-queue-traced >= 0.85x warren-queue',
    measured: '0.87x; single rounds 0.86-0.88x',
    verdict: 'met',
  });
  assert.equal(verdict([off, traced(600, [600, 600])]).verdict, 'not met');
  assert.equal(verdict([off]).verdict, 'not measured');
  const section = renderResults({
    options: parseOptions(['--no-write'], {}),
    machine: { date: 'd', cores: 2, cpuModel: 'cpu', memoryGiB: 4, os: 'linux', loadStart: [1, 1, 1], broker: 'RabbitMQ', node: 'v20', libraries: 'libs', code: 'abc', runtimeBuiltAt: 't' } as MachineInfo,
    durationSeconds: 1,
    cells: [off, traced(600, [500, 700])],
    codegen: [],
    memory: [],
    profiles: [],
    targets: [],
  });
  assert.match(section, /### Tracing on against off \(same run\)/);
  assert.match(section, /\| small \| 128 \| 1000 \| 600 \| \*\*0\.60\*\* \| 0\.50, 0\.70 \|/);
});
