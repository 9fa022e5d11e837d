import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CodegenRow } from './codegen-bench.js';
import type { MachineInfo } from './machine.js';
import type { MemoryRow } from './memory.js';
import type { BenchOptions } from './options.js';
import type { ProfileSummary } from './profile.js';
import { IMPLS, type Impl } from './scenario.js';
import type { TargetVerdict } from './targets.js';
import type { Cell } from './throughput.js';
import type { StreamResults } from './stream-part.js';
import { renderStreams } from './stream-report.js';

export const START_MARKER = '<!-- bench:results:start (written by npm run bench; do not edit by hand) -->';
export const END_MARKER = '<!-- bench:results:end -->';

export interface BenchResults {
  options: BenchOptions;
  machine: MachineInfo;
  durationSeconds: number;
  cells: Cell[];
  codegen: CodegenRow[];
  memory: MemoryRow[];
  profiles: ProfileSummary[];
  streams?: StreamResults;
  targets: TargetVerdict[];
}

const MiB = 1048576;
const num = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The generated section of docs/benchmarks.md. */
export function renderResults(r: BenchResults): string {
  const o = r.options;
  const m = r.machine;
  const lines: string[] = [
    START_MARKER,
    '',
    `## Results of the latest run`,
    '',
    `- Command: \`${o.command}\`${o.quick ? ' (quick mode: short cells, indicative only)' : ''}`,
    `- Date: ${m.date}; took ${Math.round(r.durationSeconds)} s`,
    `- Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB memory, ${m.os}`,
    `- Load average (1/5/15 min) at start ${m.loadStart.map((l) => l.toFixed(2)).join(' / ')}` +
      (m.loadEnd ? `, at end ${m.loadEnd.map((l) => l.toFixed(2)).join(' / ')}` : '') +
      ` (above about ${m.cores / 2} the machine was busy with other work: treat the numbers as noisy)`,
    `- Broker: ${m.broker}, on the same machine; Node ${m.node}; ${m.libraries}`,
    `- Code: ${m.code}; packages/runtime/dist built ${m.runtimeBuiltAt}` +
      (m.runtimeRebuilt ? ` and **rebuilt during the run (${m.runtimeRebuilt})**: parts after that measured newer code, rerun` : ''),
    `- Cells: ${o.repeats} round(s) of ${o.warmupMs} ms warm-up + ${o.measureMs} ms measured per implementation, size and concurrency; order alternated between cells and rounds`,
    '',
  ];

  if (r.targets.length > 0) {
    lines.push('### Targets', '', '| target | measured | verdict |', '| --- | --- | --- |');
    for (const t of r.targets) lines.push(`| ${t.target} | ${t.measured} | **${t.verdict}** |`);
    lines.push('');
  }

  if (r.cells.length > 0) {
    const impls = IMPLS.filter((i) => r.cells.some((c) => c.impl === i));
    const keys = unique(r.cells.map((c) => `${c.size}|${c.concurrency}`));
    lines.push(
      '### Throughput and latency',
      '',
      'calls/s (p50 / p99 latency in ms). Client and server each in their own process; every call checked.',
      '',
      `| size | c | ${impls.join(' | ')} |`,
      `| --- | --: | ${impls.map(() => '--:').join(' | ')} |`,
    );
    for (const key of keys) {
      const [size, c] = key.split('|');
      const row = impls.map((i) => {
        const cell = find(r.cells, i, key);
        if (!cell) return '-';
        const failed = cell.failed ? ` **${cell.failed} failed**` : '';
        return `${num(cell.callsPerSecond)} (${num(cell.p50, 2)} / ${num(cell.p99, 2)})${failed}`;
      });
      lines.push(`| ${size} | ${c} | ${row.join(' | ')} |`);
    }
    lines.push('');

    const warrens = impls.filter((i) => i.startsWith('warren'));
    const bases = impls.filter((i) => !i.startsWith('warren'));
    if (warrens.length > 0 && bases.length > 0) {
      lines.push(
        '### warren\'s throughput as a ratio to each baseline (same run)',
        '',
        'Above 1.00 warren is faster. In brackets: the lowest and highest ratio of single rounds.',
        '',
        `| size | c | ${warrens.flatMap((w) => bases.map((b) => `${w.replace('warren-', 'w-')} / ${b}`)).join(' | ')} |`,
        `| --- | --: | ${warrens.flatMap(() => bases.map(() => '--:')).join(' | ')} |`,
      );
      for (const key of keys) {
        const [size, c] = key.split('|');
        const cols = warrens.flatMap((w) =>
          bases.map((b) => {
            const wc = find(r.cells, w, key);
            const bc = find(r.cells, b, key);
            if (!wc || !bc) return '-';
            const rounds = wc.perRepeat.map((x, i) => x / (bc.perRepeat[i] ?? Number.NaN)).filter(Number.isFinite);
            const range = rounds.length > 1 ? ` (${num(Math.min(...rounds), 2)}-${num(Math.max(...rounds), 2)})` : '';
            return `${num(wc.callsPerSecond / bc.callsPerSecond, 2)}${range}`;
          }),
        );
        lines.push(`| ${size} | ${c} | ${cols.join(' | ')} |`);
      }
      lines.push('');
    }

    const tracingRows = keys.flatMap((key) => {
      const on = find(r.cells, 'warren-queue-traced', key);
      const off = find(r.cells, 'warren-queue', key);
      if (!on || !off) return [];
      const [size, c] = key.split('|');
      const rounds = on.perRepeat.map((x, i) => x / (off.perRepeat[i] ?? Number.NaN)).filter(Number.isFinite);
      const cpu = (a: number, b: number) => `${num(a)} / ${num(b)}`;
      return [
        `| ${size} | ${c} | ${num(off.callsPerSecond)} | ${num(on.callsPerSecond)} | **${num(on.callsPerSecond / off.callsPerSecond, 2)}** | ${rounds.map((x) => num(x, 2)).join(', ')} | ${cpu(off.clientCpuMicros, off.serverCpuMicros)} | ${cpu(on.clientCpuMicros, on.serverCpuMicros)} |`,
      ];
    });
    if (tracingRows.length > 0) {
      lines.push(
        '### Tracing on against off (same run)',
        '',
        '`warren-queue-traced` is `warren-queue` with the OpenTelemetry SDK registered in client and server process (BasicTracerProvider, BatchSpanProcessor with an exporter that drops every span, AsyncLocalStorage context, W3C propagator) and `tracingInterceptor()` on both connections: a CLIENT and a SERVER span per call, `traceparent` on every request.',
        '',
        '| size | c | off: calls/s | on: calls/s | on / off | single rounds | CPU µs/call off (client / server) | on (client / server) |',
        '| --- | --: | --: | --: | --: | --- | --: | --: |',
        ...tracingRows,
        '',
      );
    }

    lines.push(
      '### CPU per call',
      '',
      'µs of CPU (user + system) per call in the client / server / broker process, warm-up included (the broker: its `beam.smp`, read from /proc when it runs on this machine; "-" otherwise). Less sensitive to other load on the machine than calls/s. At c=128 the broker is what the two cores run out on, so a contender that costs it less per call leaves more of the machine for the rest.',
      '',
      `| size | c | ${impls.join(' | ')} |`,
      `| --- | --: | ${impls.map(() => '--:').join(' | ')} |`,
    );
    for (const key of keys) {
      const [size, c] = key.split('|');
      const row = impls.map((i) => {
        const cell = find(r.cells, i, key);
        return cell ? `${num(cell.clientCpuMicros)} / ${num(cell.serverCpuMicros)} / ${cell.brokerCpuMicros === undefined ? '-' : num(cell.brokerCpuMicros)}` : '-';
      });
      lines.push(`| ${size} | ${c} | ${row.join(' | ')} |`);
    }
    lines.push('');
  }

  if (r.codegen.length > 0) {
    lines.push(
      '### Codegen, cold',
      '',
      '`warren codegen --contracts DIR --out NEW_DIR`, each run a fresh node process writing every file. Cold: `WARREN_CODE_CACHE=0` (no V8 code cache for the TypeScript compiler); cached: the on-disk code cache codegen keeps by default (the first cached run may fill it).',
      '',
      '| contracts | services | cold, wall per run (ms) | cold, reported by the command (ms) | with code cache, wall (ms) | status |',
      '| --- | --: | --- | --- | --- | --- |',
    );
    for (const c of r.codegen) {
      const status = c.status === 'ok' ? 'ok' : c.status === 'not-supported' ? `not yet supported: ${c.detail ?? ''}` : `failed: ${c.detail ?? ''}`;
      const list = (xs: number[]) => xs.map((x) => num(x)).join(', ') || '-';
      lines.push(
        `| ${c.name} | ${c.services < 0 ? '-' : c.services} | ${list(c.wallMs)} | ${c.reportedMs.join(', ') || '-'} | ${list(c.cachedWallMs)} | ${status.replace(/\|/g, '\\|')} |`,
      );
    }
    lines.push('');
  }

  if (r.memory.length > 0) {
    lines.push(
      '### Client memory with calls in flight',
      '',
      'A fresh client process (plain node, compiled, loading only its own library) fires the calls at once at a queue nobody consumes yet; once the broker holds all of them, the client runs a full GC and reads its RSS; then a server answers them all. "burst" is the time until every request was in the queue.',
      '',
      `For scale: a bare \`node\` process with nothing loaded has ${num(r.memory[0]!.rssBareNode / MiB, 1)} MiB RSS on this machine, most of it the node binary's own code pages.`,
      '',
      '| implementation | calls in flight | in the queue | burst (ms) | RSS idle (MiB) | RSS in flight (MiB) | growth (MiB) | heap used (MiB) | buffers (MiB) | answered afterwards |',
      '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
    );
    for (const row of r.memory) {
      const answered = row.failed ? `${row.ok}, **${row.failed} failed** (${row.firstError ?? ''})` : `${row.ok}`;
      lines.push(
        `| ${row.impl} | ${row.calls} | ${row.queued} | ${num(row.burstMs)} | ${num(row.rssIdle / MiB, 1)} | ${num(row.rssInFlight / MiB, 1)} | ${num((row.rssInFlight - row.rssIdle) / MiB, 1)} | ${num(row.heapInFlight / MiB, 1)} | ${num(row.arrayBuffersInFlight / MiB, 1)} | ${answered} |`,
      );
    }
    lines.push('');
  }

  if (r.streams) lines.push(...renderStreams(r.streams));

  if (r.profiles.length > 0) {
    lines.push(
      `### CPU profiles at c=${r.options.profileConcurrency}, ${r.options.profileSize} calls`,
      '',
      '`node --cpu-prof` on client and server, self time summed over the measurement window only. Samples are wall-clock: on a loaded machine a descheduled process still charges its current function (often `writeBuffer`, the socket write), so compare shares, not absolute µs. Files: `bench/profiles/` (open in Chrome DevTools).',
      '',
    );
    for (const p of r.profiles) {
      lines.push(
        `#### ${p.impl} ${p.role}: ${num(p.busyMicrosPerCall)} µs of non-idle samples per call (${p.calls} calls in ${num(p.windowMs)} ms)`,
        '',
        `Areas: ${p.areas.filter((a) => a.pct >= 1).map((a) => `${a.area} ${num(a.pct, 1)}%`).join(', ')}`,
        '',
        '| self % | µs/call | function | where |',
        '| --: | --: | --- | --- |',
      );
      for (const t of p.top) lines.push(`| ${num(t.pct, 1)} | ${num(t.microsPerCall, 1)} | \`${t.fn}\` | ${t.where || t.area} |`);
      lines.push('');
    }
  }
  lines.push(END_MARKER);
  return lines.join('\n');
}

/** Replaces the generated section of `file` (or appends it), leaving the hand-written parts alone. */
export function writeResults(file: string, section: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START_MARKER);
  const end = current.indexOf(END_MARKER);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END_MARKER.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

function find(cells: Cell[], impl: Impl, key: string): Cell | undefined {
  return cells.find((c) => c.impl === impl && `${c.size}|${c.concurrency}` === key);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
