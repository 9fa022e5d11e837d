import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A RabbitMQ node of a test's own, on its own ports and data directory, for destructive
 * tests (restarts, kills, alarms). The main broker on 5672 is never touched.
 */
export class PrivateBroker {
  readonly url: string;
  readonly #node: string;
  readonly #dir: string;
  readonly #env: NodeJS.ProcessEnv;

  private constructor(readonly port: number) {
    this.#node = `warren-test-${port}@localhost`;
    this.#dir = `/tmp/warren-rabbit-${port}`;
    this.url = `amqp://guest:guest@127.0.0.1:${port}`;
    this.#env = {
      ...process.env,
      RABBITMQ_NODENAME: this.#node,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(port + 20000),
      RABBITMQ_MNESIA_BASE: path.join(this.#dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(this.#dir, 'log'),
      RABBITMQ_CONFIG_FILE: path.join(this.#dir, 'rabbitmq.conf'),
      RABBITMQ_CONF_ENV_FILE: path.join(this.#dir, 'rabbitmq-env.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(this.#dir, 'enabled_plugins'),
      RABBITMQ_PID_FILE: path.join(this.#dir, 'pid'),
      ERL_EPMD_ADDRESS: '127.0.0.1',
    };
  }

  /** Starts a fresh node on `port` (5800-5899 are free on the test machine; dist port +20000). */
  static async start(port: number): Promise<PrivateBroker> {
    const broker = new PrivateBroker(port);
    await broker.#ctl('stop').catch(() => undefined); // a node left over by an aborted run
    rmSync(broker.#dir, { recursive: true, force: true });
    for (const d of ['mnesia', 'log']) mkdirSync(path.join(broker.#dir, d), { recursive: true });
    writeFileSync(path.join(broker.#dir, 'rabbitmq.conf'), `listeners.tcp.default = 127.0.0.1:${port}\n`);
    writeFileSync(path.join(broker.#dir, 'rabbitmq-env.conf'), '');
    writeFileSync(path.join(broker.#dir, 'enabled_plugins'), '[].\n');
    const { uid, gid } = await rabbitmqUser();
    for (const p of ['', 'mnesia', 'log', 'rabbitmq.conf', 'rabbitmq-env.conf', 'enabled_plugins']) {
      chownSync(path.join(broker.#dir, p), uid, gid);
    }
    await run('rabbitmq-server', ['-detached'], { env: broker.#env });
    await broker.#awaitStartup();
    return broker;
  }

  async #ctl(...args: string[]): Promise<string> {
    const { stdout } = await run('rabbitmqctl', ['-n', this.#node, ...args], { env: this.#env, timeout: 60_000 });
    return stdout;
  }

  async #awaitStartup(): Promise<void> {
    const until = Date.now() + 90_000;
    for (;;) {
      try {
        await this.#ctl('await_startup', '--timeout', '60');
        return;
      } catch (err) {
        if (Date.now() > until) throw new Error(`private broker ${this.#node} did not start: ${String(err)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
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

  /** Lists queues with message and consumer counts. */
  async queues(): Promise<Map<string, { messages: number; consumers: number }>> {
    const out = await this.#ctl('list_queues', '-q', '--no-table-headers', 'name', 'messages', 'consumers');
    const map = new Map<string, { messages: number; consumers: number }>();
    for (const line of out.trim().split('\n').filter(Boolean)) {
      const [name, messages, consumers] = line.trim().split(/\s+/);
      map.set(name!, { messages: Number(messages), consumers: Number(consumers) });
    }
    return map;
  }

  /** Kills the node with SIGKILL, as a crash would. */
  kill(): void {
    const pid = Number(readFileSync(path.join(this.#dir, 'pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
  }

  /** Stops the node and removes its data. Always call it (in `after`). */
  async destroy(): Promise<void> {
    await this.#ctl('stop').catch(() => undefined);
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

async function rabbitmqUser(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'rabbitmq']), run('id', ['-g', 'rabbitmq'])]);
  return { uid: Number(uid), gid: Number(gid) };
}
