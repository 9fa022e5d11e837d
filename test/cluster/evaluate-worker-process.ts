import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startChild } from '../support/child-worker.js';

const script = fileURLToPath(new URL('./evaluate-worker.ts', import.meta.url));

/** test/cluster/evaluate-worker.ts running in a child process. */
export interface EvaluateWorker {
  readonly process: ChildProcess;
  /** Labels of the evaluate calls it ran, in order (a label twice: the request ran twice). */
  readonly ran: string[];
  /** Times (epoch ms) its connection was lost. */
  readonly downs: number[];
  /** Times (epoch ms) its connection came back. */
  readonly ups: number[];
  /** Resolves when the process exits. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (a clean close) and waits for the exit; SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts a calculator server on `queue` (quorum unless `queueType` says classic), connected to
 * `urls` (a comma list), and resolves once it consumes.
 */
export async function startEvaluateWorker(urls: string, queue: string, queueType: 'quorum' | 'classic' = 'quorum'): Promise<EvaluateWorker> {
  const ran: string[] = [];
  const downs: number[] = [];
  const ups: number[] = [];
  const child = await startChild(script, [urls, queue, queueType], {
    holdStdin: true,
    onLine: (line) => {
      if (line.startsWith('ran ')) ran.push(line.slice(4));
      else if (line === 'down') downs.push(Date.now());
      else if (line === 'up') ups.push(Date.now());
    },
  });
  return {
    process: child.process,
    ran,
    downs,
    ups,
    exited: child.exited,
    async stop() {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await child.exited;
      clearTimeout(timer);
    },
  };
}
