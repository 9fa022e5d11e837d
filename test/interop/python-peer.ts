import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AMQP_URL } from '../support/broker.js';
import { PythonWorker, stop } from './python-worker.js';

/**
 * Runs the Python peer (test/interop/python) as real child processes. Debian's python3 is
 * used on purpose: it is where python3-pika and python3-protobuf install, and the `python3`
 * on PATH may be another one without them.
 */
export const PYTHON = process.env.WARREN_PYTHON ?? '/usr/bin/python3';

const here = path.dirname(fileURLToPath(import.meta.url));
const peerDir = path.join(here, 'python');
const contractsDir = path.resolve(here, '../../contracts');

/** What the Python caller printed for one call. */
export interface CallerOutcome {
  status: string;
  response?: Record<string, unknown>;
  message?: string;
  details?: Record<string, unknown> | null;
}

/**
 * Generates calculator_pb2 with protoc into a fresh temporary folder. Generated at test time
 * rather than committed: the classes then always match both the contract and the protobuf
 * runtime installed beside this protoc, with no stale copy to check.
 */
export class PythonPeer {
  readonly #gen = mkdtempSync(path.join(tmpdir(), 'warren-py-'));
  readonly #children = new Set<ChildProcess>();

  constructor() {
    const protoc = spawnSync('protoc', [`-I${contractsDir}`, `--python_out=${this.#gen}`, 'calculator.proto'], {
      encoding: 'utf8',
    });
    if (protoc.status !== 0) {
      throw new Error(`protoc --python_out failed (is protobuf-compiler installed?): ${protoc.error ?? protoc.stderr}`);
    }
  }

  #spawn(script: string, args: string[]): ChildProcess {
    const child = spawn(PYTHON, [path.join(peerDir, script), '--url', AMQP_URL, ...args], {
      env: { ...process.env, PYTHONPATH: this.#gen, PYTHONDONTWRITEBYTECODE: '1' },
      // stdin stays open while this process lives: the worker exits when it closes.
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  /** Starts calculator_worker.py on `queue` and resolves once it consumes. */
  async startWorker(queue: string, options: { delayMs?: number; crashOnN?: bigint } = {}): Promise<PythonWorker> {
    const args = ['--queue', queue, '--delay-ms', String(options.delayMs ?? 0), '--exit-with-stdin'];
    if (options.crashOnN !== undefined) args.push('--crash-on-n', String(options.crashOnN));
    const child = this.#spawn('calculator_worker.py', args);
    const worker = new PythonWorker(child);
    await worker.waitFor((e) => e.event === 'ready', 20_000);
    return worker;
  }

  /** Runs `script` to its end (killed after `limitMs`); its exit code and output. */
  async #run(script: string, args: string[], limitMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = this.#spawn(script, args);
    child.stdin!.end();
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    return { code, stdout, stderr };
  }

  /** Runs calculator_caller.py once with `args` and returns what it printed. */
  async call(queue: string, args: string[], limitMs = 60_000): Promise<CallerOutcome> {
    const { code, stdout, stderr } = await this.#run('calculator_caller.py', ['--queue', queue, ...args], limitMs);
    const last = stdout.trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(last) as CallerOutcome;
    } catch {
      throw new Error(`calculator_caller.py ${args.join(' ')} exited ${code} without an outcome:\n${stdout}${stderr}`);
    }
  }

  /** Runs `script` to its end and returns the JSON lines it printed. */
  async runLines(script: string, args: string[], limitMs = 60_000): Promise<Record<string, unknown>[]> {
    const { code, stdout, stderr } = await this.#run(script, args, limitMs);
    if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`);
    return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Starts `script` as a long-running process and resolves once it printed `{"event": "ready"}`. */
  async start(script: string, args: string[]): Promise<PythonWorker> {
    const worker = new PythonWorker(this.#spawn(script, args));
    await worker.waitFor((e) => e.event === 'ready', 20_000);
    return worker;
  }

  /** Kills every Python process still running and removes the generated classes. */
  async close(): Promise<void> {
    await Promise.all([...this.#children].map((child) => stop(child)));
    rmSync(this.#gen, { recursive: true, force: true });
  }
}
