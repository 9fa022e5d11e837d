// The cluster scenario's switches, targets and report section (bench/src/cluster-*.ts); the
// scenario itself starts a 3-node cluster and runs only from `npm run bench -- --cluster`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ClusterResults, ClusterRow } from '../src/cluster-bench.js';
import { CLUSTER_END_MARKER, CLUSTER_START_MARKER, judgeClusterTargets, writeCluster } from '../src/cluster-report.js';
import { parseOptions } from '../src/options.js';
import { END_MARKER, START_MARKER } from '../src/report.js';

test('--cluster adds the opt-in cluster scenario; --only=cluster runs it alone; it writes its own section unless quick', () => {
  assert.equal(parseOptions([], {}).cluster, false, 'not in a default run');
  const added = parseOptions(['--cluster'], {});
  assert.equal(added.cluster, true);
  assert.deepEqual(added.parts, ['throughput', 'codegen', 'memory', 'profile', 'stream']);
  assert.equal(added.write, false, 'a partial run does not write the main results');
  assert.equal(added.writeCluster, true);
  const alone = parseOptions(['--only=cluster'], {});
  assert.deepEqual([alone.parts, alone.cluster], [[], true]);
  assert.deepEqual(parseOptions(['--only=cluster,codegen'], {}).parts, ['codegen']);
  assert.equal(parseOptions(['--only=cluster', '--quick'], {}).writeCluster, false);
  assert.equal(parseOptions(['--only=cluster', '--no-write'], {}).writeCluster, false);
  assert.equal(parseOptions(['--only=cluster'], {}).failovers, 3);
  assert.equal(parseOptions(['--only=cluster', '--quick'], {}).failovers, 1);
  assert.throws(() => parseOptions(['--failovers=0'], {}), /--failovers: expected a positive integer/);
  assert.throws(() => parseOptions(['--only=clustr'], {}), /--only: unknown "clustr"; expected some of throughput,codegen,memory,profile,stream,cluster/);
});

function row(label: string, callsPerSecond: number): ClusterRow {
  return { label, callsPerSecond, perRepeat: [callsPerSecond], p50: 1, p99: 2, failed: 0, brokerCpuMicros: undefined };
}

test('cluster targets: quorum on the cluster against classic on one node, and the worst failover stall', () => {
  const results: ClusterResults = {
    bootMs: 1,
    memoryMiB: [1, 1, 1],
    rows: [row('classic', 2000), row('classic unconfirmed', 2200), row('quorum', 900)],
    failover: [{ stallMs: 300, failed: 0, calls: 10, restartMs: 1 }, { stallMs: 5_200, failed: 0, calls: 10, restartMs: 1 }],
  };
  const [ratio, stall] = judgeClusterTargets(results);
  assert.deepEqual([ratio?.verdict, ratio?.measured], ['not met', '0.45x (900 vs 2000 calls/s)']);
  assert.deepEqual([stall?.verdict, stall?.measured], ['not met', 'worst 5.20 s of 2 (0.30 s, 5.20 s)']);
  results.rows[2] = row('quorum', 1000);
  results.failover.pop();
  assert.deepEqual(judgeClusterTargets(results).map((t) => t.verdict), ['met', 'met']);
});

test('writeCluster puts its section before the main results once, then replaces only it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cluster-'));
  try {
    const file = path.join(dir, 'benchmarks.md');
    writeFileSync(file, `# Benchmarks\n\nintro\n\n${START_MARKER}\nmain numbers\n${END_MARKER}\n`);
    writeCluster(file, `${CLUSTER_START_MARKER}\ncluster one\n${CLUSTER_END_MARKER}`, START_MARKER);
    assert.match(readFileSync(file, 'utf8'), /intro\n\n<!-- bench:cluster:start[^\n]*\ncluster one\n<!-- bench:cluster:end -->\n\n<!-- bench:results:start/);
    writeCluster(file, `${CLUSTER_START_MARKER}\ncluster two\n${CLUSTER_END_MARKER}`, START_MARKER);
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /cluster one/);
    assert.match(text, /cluster two/);
    assert.match(text, /main numbers/);
    assert.equal(text.split(CLUSTER_START_MARKER).length, 2, 'one cluster section');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
