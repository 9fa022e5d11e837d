import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./calculator-worker.ts', import.meta.url));

/** A calculator server running in a child process. */
export interface ChildWorker {
  readonly process: ChildProcess;
  /** Values of n this worker answered, in order. */
  readonly handled: bigint[];
  /** Every line it printed, in order. */
  readonly lines: string[];
  /** Resolves when the process exits. */
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts test/support/calculator-worker.ts and resolves once it consumes. */
export async function startWorker(
  url: string,
  queue: string,
  options: { slowMs?: number; maxDeliveries?: number; queueType?: 'classic' | 'quorum'; crashBetweenSteps?: boolean } = {},
): Promise<ChildWorker> {
  const handled: bigint[] = [];
  const started = await startChild(script, [url, queue, String(options.slowMs ?? 0), String(options.maxDeliveries ?? 5)], {
    env: {
      WARREN_QUEUE_TYPE: options.queueType ?? 'classic',
      WARREN_CRASH_BETWEEN_STEPS: options.crashBetweenSteps ? '1' : '',
    },
    onLine: (line) => {
      if (line.startsWith('handled ')) handled.push(BigInt(line.slice(8)));
    },
  });
  return { ...started, handled };
}

/**
 * Starts `node --import tsx <script> ...args` and resolves once it prints a line starting with
 * "ready". Every line it prints is kept and passed to `onLine` first. With `holdStdin`, its
 * stdin is a pipe this process holds open, so a child that exits when stdin ends does not
 * outlive a test killed hard.
 */
export async function startChild(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; holdStdin?: boolean } = {},
): Promise<Omit<ChildWorker, 'handled'>> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: [options.holdStdin ? 'pipe' : 'ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  const lines: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        options.onLine?.(line);
        if (line.startsWith('ready')) resolve();
      }
    });
    void exited.then((code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
  await ready;
  return { process: child, lines, exited, kill: (signal = 'SIGKILL') => child.kill(signal) };
}
