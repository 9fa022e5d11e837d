import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildSpec, FromChild, ToChild } from './ipc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The compiled child (see build.ts): plain node, no tsx loader in the measured processes. */
export const CHILD_SCRIPT = path.resolve(here, '../dist/bench/src/child.js');

type Reply<T extends FromChild['type']> = Extract<FromChild, { type: T }>;

/** A client or server child process and the request/response exchange with it. */
export class ChildHandle {
  readonly spec: ChildSpec;
  readonly #child: ChildProcess;
  readonly #inbox: FromChild[] = [];
  #waiter: ((msg: FromChild | Error) => void) | undefined;
  #exited: Promise<number | null>;
  #stderr = '';

  private constructor(spec: ChildSpec, child: ChildProcess) {
    this.spec = spec;
    this.#child = child;
    child.on('message', (msg: FromChild) => this.#deliver(msg));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.#stderr.length < 4096) this.#stderr += chunk.toString();
    });
    this.#exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.#deliver(new Error(`${spec.role} ${spec.impl} exited with ${code}: ${this.#stderr.trim().slice(0, 800)}`));
        resolve(code);
      });
    });
  }

  /**
   * Starts a child and waits until it is connected (and, for a server, consuming). `env` is
   * added to this process's environment (the cluster scenario gives each child its AMQP_URL).
   */
  static async start(spec: ChildSpec, execArgv: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ChildHandle> {
    const child = fork(CHILD_SCRIPT, [spec.role, spec.impl, spec.queue], {
      execArgv: ['--expose-gc', ...execArgv],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, ...env },
    });
    const handle = new ChildHandle(spec, child);
    await handle.next('ready', 30_000);
    return handle;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  #deliver(msg: FromChild | Error): void {
    if (this.#waiter) {
      const w = this.#waiter;
      this.#waiter = undefined;
      w(msg);
    } else if (!(msg instanceof Error)) this.#inbox.push(msg);
  }

  /** Waits for the next message, which must be of type `type`. */
  next<T extends FromChild['type']>(type: T, timeoutMs: number): Promise<Reply<T>> {
    const queued = this.#inbox.shift();
    const got = queued
      ? Promise.resolve<FromChild | Error>(queued)
      : new Promise<FromChild | Error>((resolve) => {
          const timer = setTimeout(() => this.#deliver(new Error(`${this.spec.role} ${this.spec.impl}: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
          this.#waiter = (msg) => {
            clearTimeout(timer);
            resolve(msg);
          };
        });
    return got.then((msg) => {
      if (msg instanceof Error) throw msg;
      if (msg.type === 'error') throw new Error(`${this.spec.role} ${this.spec.impl}: ${msg.message}`);
      if (msg.type !== type) throw new Error(`${this.spec.role} ${this.spec.impl}: expected "${type}", got "${msg.type}"`);
      return msg as Reply<T>;
    });
  }

  request<T extends FromChild['type']>(msg: ToChild, type: T, timeoutMs: number): Promise<Reply<T>> {
    this.#child.send(msg);
    return this.next(type, timeoutMs);
  }

  /** Asks the child to close (deleting its queues) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    try {
      await this.request({ type: 'stop' }, 'closed', 20_000);
    } finally {
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
      await this.#exited;
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill('SIGKILL');
  }
}
