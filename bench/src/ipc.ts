import type { LoadResult } from './load.js';
import type { Impl, Size } from './scenario.js';

/** Messages from the orchestrator to a child process. */
export type ToChild =
  | { type: 'run'; size: Size; concurrency: number; warmupMs: number; measureMs: number }
  | { type: 'fire'; calls: number }
  | { type: 'measure' }
  | { type: 'stats' }
  | { type: 'stop' };

/** Messages from a child process to the orchestrator. */
export type FromChild =
  | { type: 'ready'; pid: number }
  | { type: 'result'; result: LoadResult }
  | { type: 'firing'; rssIdle: number }
  | { type: 'measured'; rssInFlight: number; heapInFlight: number; arrayBuffersInFlight: number }
  | { type: 'settled'; ok: number; failed: number; firstError?: string }
  | { type: 'stats'; handled: number; cpuMicros: number }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** How a child process is started (argv of child.ts, after the script). */
export interface ChildSpec {
  role: 'client' | 'server';
  impl: Impl;
  queue: string;
}
