import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeEnv, pidFile, type NodeLayout } from './cluster-node-config.js';
import { alive, onExit, watchdog } from './detached-cleanup.js';
import { freePorts, releasePorts } from './free-ports.js';
import { nodeCli, startNodeDetached } from './rabbitmq-cli.js';

// AMQP ports come from here (distribution port +20000): TlsBroker draws from 5860-5898,
// RabbitCluster from 5900-5999.
const PORT_MIN = 5800;
const PORT_MAX = 5859;

/**
 * A RabbitMQ node of a test's own, on its own ports, folder and cookie, for destructive tests
 * (restarts, alarms, kills). The shared broker on 5672 and epmd are never touched, and the
 * node is killed however the test process ends (an exit hook, and a watchdog for SIGKILL).
 */
export class PrivateBroker {
  readonly url: string;
  readonly port: number;
  readonly #layout: NodeLayout;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cleanups: (() => void)[];

  private constructor(port: number) {
    const id = randomBytes(4).toString('hex');
    const dir = path.join(tmpdir(), `warren-rabbit-${id}`);
    this.port = port;
    this.url = `amqp://guest:guest@127.0.0.1:${port}`;
    this.#layout = { name: `warren-test-${id}@localhost`, port, dir, home: path.join(dir, 'home') };
    this.#env = nodeEnv(this.#layout);
    this.#cleanups = [onExit(() => this.#destroySync()), watchdog(dir, 'pid')];
  }

  /** Starts a fresh node on a free port and resolves once it accepts connections. */
  static async start(): Promise<PrivateBroker> {
    const [port] = await freePorts(1, PORT_MIN, PORT_MAX, 20000);
    const broker = new PrivateBroker(port!);
    try {
      broker.#writeFiles();
      await startNodeDetached(broker.#env);
      await broker.#ctl('wait', '--timeout', '120', pidFile(broker.#layout));
    } catch (err) {
      broker.#destroySync();
      throw err;
    }
    return broker;
  }

  /** Stops the RabbitMQ application (connections are closed, the port stops listening). */
  stopApp(): Promise<string> {
    return this.#ctl('stop_app');
  }

  startApp(): Promise<string> {
    return this.#ctl('start_app');
  }

  /** Sets the memory alarm threshold: 0 blocks every publisher, 0.4 is the default. */
  setMemoryWatermark(fraction: number): Promise<string> {
    return this.#ctl('set_vm_memory_high_watermark', String(fraction));
  }

  /** Kills the node and removes its data. Always call it (in `after`). */
  async destroy(): Promise<void> {
    this.#destroySync();
  }

  #ctl(...args: string[]): Promise<string> {
    return nodeCli('rabbitmqctl', this.#layout.name, args, this.#env, 130_000);
  }

  #writeFiles(): void {
    const { dir, home, port } = this.#layout;
    for (const d of ['mnesia', 'log', 'home']) mkdirSync(path.join(dir, d), { recursive: true });
    const cookie = path.join(home, '.erlang.cookie');
    writeFileSync(cookie, randomBytes(16).toString('hex').toUpperCase());
    chmodSync(cookie, 0o400); // Erlang refuses a cookie others can read
    writeFileSync(path.join(dir, 'rabbitmq.conf'), `listeners.tcp.default = 127.0.0.1:${port}\n`);
    writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
    writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  }

  // SIGKILL, not `rabbitmqctl stop`: the data is thrown away anyway, and it is instant.
  #destroySync(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    let pid: number | undefined;
    try {
      pid = Number(readFileSync(pidFile(this.#layout), 'utf8').trim());
    } catch {
      pid = undefined;
    }
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    const until = Date.now() + 5_000;
    while (pid && alive(pid) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    rmSync(this.#layout.dir, { recursive: true, force: true });
    releasePorts([this.port]);
  }
}
