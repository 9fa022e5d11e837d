import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildHandle } from './child-handle.js';
import type { BenchOptions } from './options.js';
import { requestQueue, type Impl } from './scenario.js';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the .cpuprofile files stay, to open in Chrome DevTools (git-ignored). */
export const PROFILE_DIR = path.join(benchDir, 'profiles');

/** Implementations profiled: warren in both modes (and traced), and the hand-written twin of each. */
const PROFILED: readonly Impl[] = ['warren-direct', 'warren-queue', 'warren-queue-traced', 'amqplib-direct', 'amqplib-queue'];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where one process spent its CPU during the measurement window. */
export interface ProfileSummary {
  impl: Impl;
  role: 'client' | 'server';
  calls: number;
  windowMs: number;
  /** CPU time in JS, GC and the engine (everything but idle) per call, µs. */
  busyMicrosPerCall: number;
  /** Share of busy time per area (warren runtime, amqplib, node core, GC...). */
  areas: { area: string; pct: number }[];
  /** The functions with the most self time. */
  top: { fn: string; where: string; area: string; pct: number; microsPerCall: number }[];
  file: string;
}

/**
 * Profiles client and server (`node --cpu-prof`) under a load of small calls at c=128 (unless
 * `--profile-size` and `--profile-concurrency` say otherwise) and sums
 * self time per function and per area over the measurement window only (start-up excluded).
 */
export async function runProfiles(options: BenchOptions, runId: string, log: (line: string) => void): Promise<ProfileSummary[]> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const summaries: ProfileSummary[] = [];
  for (const impl of PROFILED.filter((i) => options.impls.includes(i))) {
    const queue = `${requestQueue(runId, impl)}.profile`;
    const args = (role: string) => ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `${impl}-${role}.cpuprofile`];
    for (const role of ['client', 'server']) rmSync(path.join(PROFILE_DIR, `${impl}-${role}.cpuprofile`), { force: true });
    const server = await ChildHandle.start({ role: 'server', impl, queue }, args('server'));
    let client: ChildHandle | undefined;
    let result;
    try {
      client = await ChildHandle.start({ role: 'client', impl, queue }, args('client'));
      const measureMs = options.quick ? 1_500 : 4_000;
      ({ result } = await client.request(
        { type: 'run', size: options.profileSize, concurrency: options.profileConcurrency, warmupMs: options.warmupMs, measureMs },
        'result',
        measureMs + options.warmupMs + 70_000,
      ));
    } finally {
      await client?.stop().catch(() => client?.kill());
      await server.stop().catch(() => server.kill());
    }
    for (const role of ['client', 'server'] as const) {
      const file = path.join(PROFILE_DIR, `${impl}-${role}.cpuprofile`);
      const summary = summarize(file, impl, role, result.calls, result.windowStartMicros, result.windowEndMicros);
      summaries.push(summary);
      log(`  ${impl} ${role}: ${summary.busyMicrosPerCall.toFixed(0)} µs CPU per call; top: ${summary.top.slice(0, 3).map((t) => `${t.fn} ${t.pct.toFixed(1)}%`).join(', ')}`);
    }
  }
  return summaries;
}

/** Lists profiles left by this or an earlier run. */
export function listProfiles(): string[] {
  try {
    return readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
}

function summarize(file: string, impl: Impl, role: 'client' | 'server', calls: number, from: number, to: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0; // a sample stands for the time until the next one
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + dt);
  }
  const perFn = new Map<string, { fn: string; where: string; area: string; micros: number }>();
  const perArea = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += micros;
    const area = areaOf(frame.url, frame.functionName);
    perArea.set(area, (perArea.get(area) ?? 0) + micros);
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : '';
    const fn = frame.functionName || '(anonymous)';
    const key = `${fn} ${where}`;
    const entry = perFn.get(key) ?? { fn, where, area, micros: 0 };
    entry.micros += micros;
    perFn.set(key, entry);
  }
  const pct = (m: number) => (busy > 0 ? (100 * m) / busy : 0);
  return {
    impl,
    role,
    calls,
    windowMs: (to - from) / 1000,
    busyMicrosPerCall: busy / Math.max(1, calls),
    areas: [...perArea.entries()].sort((a, b) => b[1] - a[1]).map(([area, m]) => ({ area, pct: pct(m) })),
    top: [...perFn.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, 12)
      .map((e) => ({ fn: e.fn, where: e.where, area: e.area, pct: pct(e.micros), microsPerCall: e.micros / Math.max(1, calls) })),
    file: path.relative(path.resolve(benchDir, '..'), file),
  };
}

function areaOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)') return 'engine (program)';
  if (url.includes('/packages/runtime/')) return 'warren runtime';
  if (url.includes('/generated/')) return 'generated code';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/bench/')) return 'bench harness';
  return url ? 'other' : 'native / builtins';
}

function shorten(url: string): string {
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length);
  const repo = /\/(packages\/.*|bench\/.*|generated\/.*)$/.exec(clean);
  return repo ? repo[1]! : clean;
}
