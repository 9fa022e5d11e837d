import type { CodegenRow } from './codegen-bench.js';
import type { MemoryRow } from './memory.js';
import type { Impl } from './scenario.js';
import type { Cell } from './throughput.js';

/** One of the targets, judged on this run's numbers. */
export interface TargetVerdict {
  target: string;
  measured: string;
  verdict: 'met' | 'not met' | 'not measured' | 'not yet supported';
}

const MiB = 1048576;

function cell(cells: Cell[], impl: Impl, concurrency: number, size = 'small'): Cell | undefined {
  return cells.find((c) => c.impl === impl && c.size === size && c.concurrency === concurrency);
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

const fmt = (r: number) => `${r.toFixed(2)}x`;

/** The lowest and highest ratio of single rounds, as "; single rounds 0.91-1.12x". */
function roundRange(a: Cell, b: Cell): string {
  const n = Math.min(a.perRepeat.length, b.perRepeat.length);
  if (n < 2) return '';
  const rs = Array.from({ length: n }, (_, i) => a.perRepeat[i]! / b.perRepeat[i]!);
  return `; single rounds ${Math.min(...rs).toFixed(2)}-${fmt(Math.max(...rs))}`;
}

function cachedNote(cached: number[]): string {
  if (cached.length === 0) return '';
  const sorted = [...cached].sort((a, b) => a - b);
  return `; ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s with codegen's code cache`;
}

/** Judges the targets; warren's two reply modes are judged separately. */
export function judgeTargets(cells: Cell[], codegen: CodegenRow[], memory: MemoryRow[]): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  const modes: Impl[] = ['warren-direct', 'warren-queue'];
  for (const w of modes) {
    const r = ratio(cell(cells, w, 128)?.callsPerSecond, cell(cells, 'amqplib-direct', 128)?.callsPerSecond);
    out.push({
      target: `${w}: calls/s at c=128 (small) >= 1.2x hand-written amqplib direct reply-to`,
      measured: r === undefined ? '-' : fmt(r),
      verdict: r === undefined ? 'not measured' : r >= 1.2 ? 'met' : 'not met',
    });
  }
  for (const w of modes) {
    const pairs = cells.filter((c) => c.impl === w).map((c) => ({ c, base: cell(cells, 'amqplib-direct', c.concurrency, c.size) }));
    const ratios = pairs
      .filter((p) => p.base)
      .map((p) => ({ r: p.c.callsPerSecond / p.base!.callsPerSecond, at: `${p.c.size} c=${p.c.concurrency}`, rounds: roundRange(p.c, p.base!) }));
    const worst = ratios.sort((a, b) => a.r - b.r)[0];
    out.push({
      target: `${w}: never below 1.0x hand-written amqplib direct reply-to (every size and concurrency run)`,
      measured: worst ? `lowest ${fmt(worst.r)} (${worst.at}${worst.rounds})` : '-',
      verdict: worst ? (worst.r >= 1.0 ? 'met' : 'not met') : 'not measured',
    });
  }
  for (const [w, base] of [['warren-direct', 'amqplib-direct'], ['warren-queue', 'amqplib-queue']] as const) {
    const r = ratio(cell(cells, w, 1)?.p50, cell(cells, base, 1)?.p50);
    out.push({
      target: `${w}: p50 at c=1 (small) within 5% of hand-written ${base}`,
      measured: r === undefined ? '-' : `${((r - 1) * 100).toFixed(1)}% (${cell(cells, w, 1)!.p50.toFixed(3)} vs ${cell(cells, base, 1)!.p50.toFixed(3)} ms)`,
      verdict: r === undefined ? 'not measured' : r <= 1.05 ? 'met' : 'not met',
    });
  }
  for (const w of modes) {
    const r = ratio(cell(cells, w, 128)?.callsPerSecond, cell(cells, 'rabbitmq-client', 128)?.callsPerSecond);
    out.push({
      target: `${w}: calls/s at c=128 (small) >= 2x rabbitmq-client`,
      measured: r === undefined ? '-' : fmt(r),
      verdict: r === undefined ? 'not measured' : r >= 2 ? 'met' : 'not met',
    });
  }
  const traced = cell(cells, 'warren-queue-traced', 128);
  const untraced = cell(cells, 'warren-queue', 128);
  const t = ratio(traced?.callsPerSecond, untraced?.callsPerSecond);
  out.push({
    target: 'tracing on costs <= 15% at c=128 (small): warren-queue-traced >= 0.85x warren-queue',
    measured: t === undefined ? '-' : `${fmt(t)}${roundRange(traced!, untraced!)}`,
    verdict: t === undefined ? 'not measured' : t >= 0.85 ? 'met' : 'not met',
  });
  const limits: [string, number][] = [['shipped', 1000], ['.proto', 5000], ['TypeScript', 5000]];
  for (const [needle, limit] of limits) {
    const row = codegen.find((c) => c.name.includes(needle));
    const median = row && row.wallMs.length ? [...row.wallMs].sort((a, b) => a - b)[Math.floor(row.wallMs.length / 2)]! : undefined;
    out.push({
      target: `codegen, ${row?.name ?? needle}: under ${limit / 1000} s cold`,
      measured:
        row?.status === 'ok' && median !== undefined
          ? `${(median / 1000).toFixed(2)} s (median wall, fresh process, no code cache)${cachedNote(row.cachedWallMs)}`
          : (row?.detail ?? '-'),
      verdict: !row ? 'not measured' : row.status === 'not-supported' ? 'not yet supported' : row.status === 'failed' ? 'not met' : median! < limit ? 'met' : 'not met',
    });
  }
  for (const w of modes) {
    const row = memory.find((m) => m.impl === w);
    const grew = row ? (row.rssInFlight - row.rssIdle) / MiB : undefined;
    const broken = row !== undefined && row.failed > 0;
    out.push({
      target: `${w}: ${row?.calls ?? 10_000} calls in flight in under 50 MiB of client RSS (the whole process)`,
      measured: row
        ? `${(row.rssInFlight / MiB).toFixed(1)} MiB; a bare node process alone is ${(row.rssBareNode / MiB).toFixed(1)} MiB, the connected client before its first call ${(row.rssIdle / MiB).toFixed(1)} MiB`
        : '-',
      verdict: !row ? 'not measured' : !broken && row.rssInFlight < 50 * MiB ? 'met' : 'not met',
    });
    out.push({
      target: `${w}: ${row?.calls ?? 10_000} calls in flight add under 50 MiB to the client's RSS (over the connected, idle client)`,
      measured: row ? `+${grew!.toFixed(1)} MiB (heap used with the calls in flight: ${(row.heapInFlight / MiB).toFixed(1)} MiB)` : '-',
      verdict: !row ? 'not measured' : !broken && grew! < 50 ? 'met' : 'not met',
    });
  }
  return out;
}
