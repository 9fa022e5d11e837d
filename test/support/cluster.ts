import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeEnv, pidFile, writeNodeFiles, type NodeLayout } from './cluster-node-config.js';
import { alive, onExit, watchdog } from './detached-cleanup.js';
import { freePorts, releasePorts } from './free-ports.js';
import { nodeCli, startNodeDetached } from './rabbitmq-cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// AMQP ports are drawn from here (the distribution port is +20000); PrivateBroker uses 5800-5899.
const PORT_MIN = 5900;
const PORT_MAX = 5999;

/** One node of a {@link RabbitCluster}. */
export interface ClusterNode {
  /** 0, 1 or 2: the index every method of the cluster takes. */
  readonly index: number;
  /** Erlang node name, `warren-cluster-<id>-<index>@localhost`. */
  readonly name: string;
  /** AMQP port on 127.0.0.1. */
  readonly port: number;
  /** `amqp://guest:guest@127.0.0.1:<port>`. */
  readonly url: string;
}

/** What `rabbitmqctl cluster_status` says, as seen from one node. */
export interface ClusterStatus {
  /** Indexes of the nodes that are members (disc nodes). */
  readonly members: number[];
  /** Indexes of the members that are running. */
  readonly running: number[];
}

/**
 * A RabbitMQ cluster of a test's own: three nodes on private ports and folders, joined into
 * one cluster, for tests about node loss. Nodes are killed with SIGKILL as a crash would, and
 * restarted one at a time. The shared broker on 5672 and epmd are never touched.
 *
 * @example
 * ```ts
 * const cluster = await RabbitCluster.start();
 * try { await connect(cluster.urlList(1)); ... } finally { await cluster.stop(); }
 * ```
 */
export class RabbitCluster {
  /** The nodes, index 0 first (node 0 is the one the others joined). */
  readonly nodes: readonly ClusterNode[];
  /** How long {@link RabbitCluster.start} took, in ms: boot in parallel, then two joins. */
  bootMs = 0;
  /** The folder holding every node's data, logs and the cookie; removed by {@link RabbitCluster.stop}. */
  readonly dir: string;
  readonly #layouts: NodeLayout[];
  readonly #envs: NodeJS.ProcessEnv[];
  #stopped = false;
  #cleanups: (() => void)[] = [];

  private constructor(id: string, ports: number[]) {
    this.dir = path.join(tmpdir(), `warren-cluster-${id}`);
    this.nodes = ports.map((port, index) => ({
      index,
      name: `warren-cluster-${id}-${index}@localhost`,
      port,
      url: `amqp://guest:guest@127.0.0.1:${port}`,
    }));
    this.#layouts = this.nodes.map((n) => ({ name: n.name, port: n.port, dir: path.join(this.dir, `node${n.index}`), home: path.join(this.dir, 'home') }));
    this.#envs = this.#layouts.map(nodeEnv);
  }

  /**
   * Boots three fresh nodes in parallel, joins nodes 1 and 2 to node 0 and resolves once all
   * three run as one cluster. On failure everything started is stopped again.
   */
  static async start(): Promise<RabbitCluster> {
    const started = Date.now();
    const cluster = new RabbitCluster(randomBytes(4).toString('hex'), await freePorts(3, PORT_MIN, PORT_MAX, 20000));
    // An exit before stop() (a failed test, a signal) still kills the nodes; so does a SIGKILL
    // of this process, through the watchdog.
    cluster.#cleanups = [onExit(() => cluster.destroySync()), watchdog(cluster.dir, 'node*/pid')];
    try {
      const cookie = randomBytes(16).toString('hex').toUpperCase();
      for (const layout of cluster.#layouts) writeNodeFiles(layout, cookie);
      await Promise.all(cluster.nodes.map((n) => cluster.#boot(n.index)));
      trace(started, 'booted');
      // Each rabbitmqctl call starts an Erlang VM (about a CPU second), so what can run in
      // parallel does. join_cluster resets the node first; the joins themselves go one at a time.
      const joining = [1, 2];
      await Promise.all(joining.map((i) => cluster.ctl(i, 'stop_app')));
      for (const i of joining) await cluster.ctl(i, 'join_cluster', cluster.nodes[0]!.name);
      trace(started, 'joined');
      await Promise.all(joining.map((i) => cluster.ctl(i, 'start_app')));
      await cluster.#awaitRunning(0, [0, 1, 2]);
      trace(started, 'running');
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    cluster.bootMs = Date.now() - started;
    return cluster;
  }

  /** The AMQP URL of node `index`. */
  url(index: number): string {
    return this.#node(index).url;
  }

  /** Every node's URL, comma-separated, starting at node `first` and wrapping around. */
  urlList(first = 0): string {
    this.#node(first);
    return this.nodes.map((_, k) => this.nodes[(first + k) % this.nodes.length]!.url).join(',');
  }

  /** The OS pid of node `index`'s beam process, or undefined when it is not running. */
  pid(index: number): number | undefined {
    this.#node(index);
    let pid: number;
    try {
      pid = Number(readFileSync(this.#pidFile(index), 'utf8').trim());
    } catch {
      return undefined;
    }
    return pid > 0 && alive(pid) ? pid : undefined;
  }

  /** Resident memory of each running node's beam process, in MiB (undefined for a stopped node). */
  memoryMiB(): (number | undefined)[] {
    return this.nodes.map((n) => {
      const pid = this.pid(n.index);
      if (pid === undefined) return undefined;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : undefined;
    });
  }

  /**
   * Kills node `index` with SIGKILL (a crash: no goodbye to clients or peers) and resolves once
   * its process is gone.
   */
  async kill(index: number): Promise<void> {
    const pid = this.pid(index);
    if (pid === undefined) throw new Error(`cluster node ${index} is not running`);
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await sleep(10);
    rmSync(this.#pidFile(index), { force: true }); // `rabbitmqctl wait` would find the dead pid
  }

  /**
   * Starts node `index` again (after {@link RabbitCluster.kill}) with its data, and resolves
   * once it runs and every running node sees it as a running member. Returns the time it took in ms.
   */
  async restart(index: number): Promise<number> {
    if (this.pid(index) !== undefined) throw new Error(`cluster node ${index} is already running`);
    const started = Date.now();
    await this.#boot(index);
    await this.#awaitRunning(index, this.nodes.map((n) => n.index).filter((i) => this.pid(i) !== undefined));
    trace(started, `node ${index} restarted and seen running`);
    return Date.now() - started;
  }

  /** `cluster_status` as node `via` sees it. */
  async clusterStatus(via: number): Promise<ClusterStatus> {
    const status = JSON.parse(await this.ctl(via, 'cluster_status', '--formatter', 'json')) as {
      disk_nodes?: string[];
      ram_nodes?: string[];
      running_nodes?: string[];
    };
    const indexes = (names: string[] = []) => names.map((name) => this.indexOf(name)).sort();
    return { members: indexes([...(status.disk_nodes ?? []), ...(status.ram_nodes ?? [])]), running: indexes(status.running_nodes) };
  }

  /**
   * The index of the node that leads quorum queue `queue` (asked of node `via`, by default the
   * first running node), or undefined while it has no leader (an election in progress).
   */
  async queueLeader(queue: string, via?: number): Promise<number | undefined> {
    const ask = via ?? this.nodes.find((n) => this.pid(n.index) !== undefined)?.index;
    if (ask === undefined) throw new Error('no cluster node is running');
    const rows = JSON.parse(await this.ctl(ask, 'list_queues', 'name', 'leader', '--formatter', 'json')) as {
      name: string;
      leader?: string;
    }[];
    const row = rows.find((r) => r.name === queue);
    if (!row) throw new Error(`no queue ${queue} on the cluster (asked node ${ask})`);
    return row.leader && row.leader !== '' ? this.indexOf(row.leader) : undefined;
  }

  /** The node index of an Erlang node name of this cluster. */
  indexOf(name: string): number {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`${name} is not a node of this cluster (${this.nodes.map((n) => n.name).join(', ')})`);
    return node.index;
  }

  /** Runs `rabbitmqctl -n <node index> ...args` and returns its stdout. */
  async ctl(index: number, ...args: string[]): Promise<string> {
    return this.#cli('rabbitmqctl', index, args);
  }

  /** Runs `rabbitmq-queues -n <node index> ...args` (quorum_status, add_member, ...). */
  async queues(index: number, ...args: string[]): Promise<string> {
    return this.#cli('rabbitmq-queues', index, args);
  }

  /** Kills every node it started and removes its folders. Safe to call twice; always call it (in `after`). */
  async stop(): Promise<void> {
    this.destroySync();
  }

  /** @internal {@link RabbitCluster.stop}, synchronous, for the process's exit hook. */
  destroySync(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    // SIGKILL, not `rabbitmqctl stop`: the data is thrown away anyway, and it is instant.
    const pids = this.nodes.map((n) => this.pid(n.index)).filter((p): p is number => p !== undefined);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    const until = Date.now() + 5_000;
    while (pids.some(alive) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    rmSync(this.dir, { recursive: true, force: true });
    releasePorts(this.nodes.map((n) => n.port));
    for (const cleanup of this.#cleanups) cleanup();
  }

  #node(index: number): ClusterNode {
    const node = this.nodes[index];
    if (!node) throw new Error(`no cluster node ${index} (there are ${this.nodes.length}: 0-${this.nodes.length - 1})`);
    return node;
  }

  #pidFile(index: number): string {
    return pidFile(this.#layouts[index]!);
  }

  async #boot(index: number): Promise<void> {
    const started = Date.now();
    await startNodeDetached(this.#envs[index]!);
    trace(started, `node ${index}: rabbitmq-server -detached returned`);
    // Waits for the pid file, then for the rabbit application (a restarted node also waits
    // here for its peers' tables).
    await this.#cli('rabbitmqctl', index, ['wait', '--timeout', '120', this.#pidFile(index)], 130_000);
    trace(started, `node ${index}: running`);
  }

  /** Waits until node `via` sees exactly `expected` running (mnesia's view, the same on every running member). */
  async #awaitRunning(via: number, expected: number[]): Promise<void> {
    const want = [...expected].sort().join(',');
    const until = Date.now() + 60_000;
    for (;;) {
      const seen = await this.clusterStatus(via).catch((err: unknown) => String(err));
      if (typeof seen !== 'string' && seen.running.join(',') === want) return;
      if (Date.now() > until) throw new Error(`cluster node ${via} sees ${JSON.stringify(seen)}, not ${want} running`);
      await sleep(250);
    }
  }

  #cli(tool: 'rabbitmqctl' | 'rabbitmq-queues', index: number, args: string[], timeout = 60_000): Promise<string> {
    return nodeCli(tool, this.#node(index).name, args, this.#envs[index]!, timeout);
  }
}

/** WARREN_CLUSTER_TRACE=1 prints the time each step of a start or restart took. */
function trace(since: number, what: string): void {
  if (process.env.WARREN_CLUSTER_TRACE) process.stderr.write(`cluster: ${what} after ${Date.now() - since} ms\n`);
}
