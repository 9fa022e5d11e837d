import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ClusterResults } from './cluster-bench.js';
import { CLUSTER_CONCURRENCY } from './cluster-bench.js';
import type { MachineInfo } from './machine.js';
import type { BenchOptions } from './options.js';
import type { TargetVerdict } from './targets.js';

export const CLUSTER_START_MARKER = '<!-- bench:cluster:start (written by npm run bench -- --cluster; do not edit by hand) -->';
export const CLUSTER_END_MARKER = '<!-- bench:cluster:end -->';

const [CLASSIC, UNCONFIRMED, QUORUM] = [0, 1, 2];

/** The issue's cluster targets: quorum with confirms on the cluster >= 0.5x classic on one node; failover stall < 5 s. */
export function judgeClusterTargets(r: ClusterResults): TargetVerdict[] {
  const classic = r.rows[CLASSIC];
  const quorum = r.rows[QUORUM];
  const verdicts: TargetVerdict[] = [];
  if (classic && quorum) {
    const ratio = quorum.callsPerSecond / classic.callsPerSecond;
    verdicts.push({
      target: `quorum queue + confirms on the cluster >= 0.5x classic single node (small, c=${CLUSTER_CONCURRENCY})`,
      measured: `${ratio.toFixed(2)}x (${quorum.callsPerSecond.toFixed(0)} vs ${classic.callsPerSecond.toFixed(0)} calls/s)`,
      verdict: ratio >= 0.5 ? 'met' : 'not met',
    });
  }
  if (r.failover.length > 0) {
    const worst = Math.max(...r.failover.map((f) => f.stallMs));
    verdicts.push({
      target: 'failover stall < 5 s (kill -9 of the leader to the first success of a caller on a surviving node)',
      measured: `worst ${fmtMs(worst)} of ${r.failover.length} (${r.failover.map((f) => fmtMs(f.stallMs)).join(', ')})`,
      verdict: worst < 5_000 ? 'met' : 'not met',
    });
  }
  return verdicts;
}

/** The cluster section of docs/benchmarks.md. */
export function renderCluster(options: BenchOptions, machine: MachineInfo, r: ClusterResults, targets: TargetVerdict[]): string {
  const lines = [
    CLUSTER_START_MARKER,
    '',
    '### The latest cluster run',
    '',
    `- Command: \`${options.command}\`${options.quick ? ' (quick mode: indicative only)' : ''}; date ${machine.date}; code ${machine.code}` +
      (machine.runtimeRebuilt ? `; **packages/runtime/dist was rebuilt during the run (${machine.runtimeRebuilt})**` : ''),
    `- Machine: ${machine.cores} cores, ${machine.memoryGiB} GiB; load average at start ${machine.loadStart.map((l) => l.toFixed(2)).join(' / ')}` +
      (machine.loadEnd ? `, at end ${machine.loadEnd.map((l) => l.toFixed(2)).join(' / ')}` : ''),
    `- Brokers: the single node is the shared ${machine.broker}; the cluster is three private nodes of the same version on the same machine ` +
      `(test/support/cluster.ts; boot ${(r.bootMs / 1000).toFixed(1)} s, ${r.memoryMiB.map((m) => m ?? '-').join(' / ')} MiB per node after the throughput cells)`,
    `- Throughput: small calls at c=${CLUSTER_CONCURRENCY}, server and caller in processes of their own, ${options.repeats} round(s) of ${options.warmupMs} ms warm-up + ${options.measureMs} ms measured, order alternated, calls/s the median round; ` +
      'on the cluster the server is connected to the node leading the queue and the caller to another',
    '',
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | **${t.verdict}** |`),
    '',
    `| setup | calls/s | single rounds | p50 ms | p99 ms | broker CPU per call (all nodes) | failed |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...r.rows.map(
      (row) =>
        `| ${row.label} | ${row.callsPerSecond.toFixed(0)} | ${row.perRepeat.map((x) => x.toFixed(0)).join(', ')} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ` +
        `${row.brokerCpuMicros === undefined ? '-' : `${row.brokerCpuMicros.toFixed(0)} µs`} | ${row.failed} |`,
    ),
    '',
  ];
  const classic = r.rows[CLASSIC];
  const unconfirmed = r.rows[UNCONFIRMED];
  if (classic && unconfirmed) {
    const cost = 1 - classic.callsPerSecond / unconfirmed.callsPerSecond;
    lines.push(`Publisher confirms on a classic queue cost ${(cost * 100).toFixed(0)} % of calls/s here (${classic.callsPerSecond.toFixed(0)} with, ${unconfirmed.callsPerSecond.toFixed(0)} without).`, '');
  }
  if (r.failover.length > 0) {
    lines.push(
      `Failover: the quorum queue led by node 0, a server on node 1, a caller on node 2 with ${CLUSTER_CONCURRENCY} idempotent calls in flight (10 s deadlines); node 0 killed -9 2 s in. ` +
        'Stall = from the kill to the first success of a call made after it.',
      '',
      '| round | stall | failed calls | node restart (not in the stall) |',
      '| ---: | ---: | ---: | ---: |',
      ...r.failover.map((f, i) => `| ${i + 1} | ${fmtMs(f.stallMs)} | ${f.failed} of ${f.calls} | ${(f.restartMs / 1000).toFixed(1)} s |`),
      '',
    );
  }
  lines.push(CLUSTER_END_MARKER);
  return lines.join('\n');
}

/** Replaces the cluster section of `file`, or puts it before the main results section (or at the end). */
export function writeCluster(file: string, section: string, beforeMarker: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(CLUSTER_START_MARKER);
  const end = current.indexOf(CLUSTER_END_MARKER);
  let next: string;
  if (start >= 0 && end > start) next = current.slice(0, start) + section + current.slice(end + CLUSTER_END_MARKER.length);
  else {
    const at = current.indexOf(beforeMarker);
    next = at >= 0 ? `${current.slice(0, at)}${section}\n\n${current.slice(at)}` : `${current.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(file, next);
}

function fmtMs(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'never';
}
