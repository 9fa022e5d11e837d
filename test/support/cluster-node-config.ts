import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where one node of a test cluster keeps its files, and what it listens on. */
export interface NodeLayout {
  readonly name: string;
  readonly port: number;
  /** The node's own folder (config, data, logs, pid file). */
  readonly dir: string;
  /** A folder shared by the cluster's nodes and CLI calls: HOME, holding the cookie. */
  readonly home: string;
}

/** The pid file the node writes once it runs. */
export function pidFile(node: NodeLayout): string {
  return path.join(node.dir, 'pid');
}

/**
 * The environment for the RabbitMQ scripts of one node (server and CLI): every file the node
 * reads or writes is in its own folder, so nothing of the shared broker (/etc/rabbitmq,
 * /var/lib/rabbitmq, its cookie) is used. RABBITMQ_* and ERL_* of this process are dropped.
 */
export function nodeEnv(node: NodeLayout): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(RABBITMQ_|ERL_)/.test(k)));
  return {
    ...base,
    HOME: node.home,
    RABBITMQ_NODENAME: node.name,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(node.port),
    RABBITMQ_DIST_PORT: String(node.port + 20000),
    RABBITMQ_CONF_ENV_FILE: path.join(node.dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(node.dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(node.dir, 'advanced.config'),
    RABBITMQ_MNESIA_BASE: path.join(node.dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(node.dir, 'log'),
    RABBITMQ_PID_FILE: pidFile(node),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(node.dir, 'enabled_plugins'),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
}

/** Writes the shared cookie (once) and a node's config files. */
export function writeNodeFiles(node: NodeLayout, cookie: string): void {
  mkdirSync(node.home, { recursive: true });
  const cookieFile = path.join(node.home, '.erlang.cookie');
  try {
    writeFileSync(cookieFile, cookie, { flag: 'wx' });
    chmodSync(cookieFile, 0o400); // Erlang refuses a cookie others can read
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  for (const d of ['mnesia', 'log']) mkdirSync(path.join(node.dir, d), { recursive: true });
  writeFileSync(
    path.join(node.dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.default = 127.0.0.1:${node.port}`,
      // The default Raft WAL keeps up to 512 MiB in memory per node.
      'raft.wal_max_size_bytes = 64000000',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(node.dir, 'rabbitmq-env.conf'), '');
  writeFileSync(path.join(node.dir, 'enabled_plugins'), '[].\n');
}
