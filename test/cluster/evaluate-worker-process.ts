import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

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

/** Starts a calculator server on quorum queue `queue`, connected to `urls` (a comma list), and resolves once it consumes. */
export async function startEvaluateWorker(urls: string, queue: string): Promise<EvaluateWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, urls, queue], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ran: string[] = [];
  const downs: number[] = [];
  const ups: number[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('ran ')) ran.push(line.slice(4));
        else if (line === 'down') downs.push(Date.now());
        else if (line === 'up') ups.push(Date.now());
        else if (line.startsWith('ready')) resolve();
      }
    });
    void exited.then((code) => reject(new Error(`evaluate worker exited (${code}) before it was ready`)));
  });
  await ready;
  return {
    process: child,
    ran,
    downs,
    ups,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
