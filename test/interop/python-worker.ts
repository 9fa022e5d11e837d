import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One JSON line the worker printed: ready, handled, dropped, expired, late, ... */
export interface WorkerEvent {
  event: string;
  [field: string]: unknown;
}

/** A running calculator_worker.py and the events it printed. */
export class PythonWorker {
  readonly events: WorkerEvent[] = [];
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  #stderr = '';
  #exited = false;

  constructor(child: ChildProcess) {
    this.#child = child;
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as WorkerEvent);
      } catch {
        this.#stderr += `${line}\n`;
      }
      for (const wake of this.#waiters) wake();
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()));
    child.once('close', () => {
      this.#exited = true;
      for (const wake of this.#waiters) wake();
    });
  }

  /** Resolves with the first event matching `match`; rejects if the worker exits or `limitMs` passes. */
  waitFor(match: (e: WorkerEvent) => boolean, limitMs = 20_000): Promise<WorkerEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(match);
        if (found || this.#exited) {
          this.#waiters.delete(check);
          clearTimeout(timer);
          if (found) resolve(found);
          else reject(new Error(`python worker exited before the event; stderr:\n${this.#stderr}`));
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no such worker event within ${limitMs} ms; events: ${JSON.stringify(this.events)}\n${this.#stderr}`));
      }, limitMs);
      this.#waiters.add(check);
      check();
    });
  }

  stop(): Promise<void> {
    return stop(this.#child);
  }

  /** Sends SIGTERM (a polite shutdown) and resolves with the exit code. */
  async terminate(): Promise<number | null> {
    if (!this.#exited) this.#child.kill('SIGTERM');
    return this.exited;
  }
}

/** Kills `child` (SIGKILL: nothing to drain) and resolves once it has exited. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
