import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodeEnv } from './cluster-node-config.js';
import { alive, onExit, watchdog } from './detached-cleanup.js';
import { freePorts, releasePorts } from './free-ports.js';
import { nodeCli, startNodeDetached } from './rabbitmq-cli.js';

const run = promisify(execFile);

// AMQP ports come from here: PrivateBroker takes fixed ports low in 5800-5899, RabbitCluster
// 5900-5999. Each node needs three: plain, TLS (+1) and distribution (plain +20000).
const PORT_MIN = 5860;
const PORT_MAX = 5898;

/** A client certificate made by {@link TlsBroker.clientCertificate}, as PEM text. */
export interface ClientCertificate {
  /** The certificate (its subject CN is the user name EXTERNAL logs in as). */
  readonly cert: string;
  /** The private key, unencrypted unless a passphrase was asked for. */
  readonly key: string;
  /** The passphrase the key is encrypted with, when one was asked for. */
  readonly passphrase?: string;
}

/**
 * A RabbitMQ node of a test's own with a TLS listener (TLS 1.3, `verify_peer`, client
 * certificates optional) beside a plain one, the `rabbitmq_auth_mechanism_ssl` plugin (SASL
 * EXTERNAL, user = certificate CN), a throwaway CA and server certificate made with openssl,
 * and helpers for users and permissions. Private ports, folder, cookie and plugin file; the
 * shared broker on 5672 and epmd are never touched.
 *
 * @example
 * ```ts
 * const broker = await TlsBroker.start();
 * try { await connect(broker.tlsUrl('guest', 'guest'), { tls: { ca: broker.ca } }); } finally { await broker.stop(); }
 * ```
 */
export class TlsBroker {
  /** Port of the plain AMQP listener on 127.0.0.1. */
  readonly port: number;
  /** Port of the TLS listener on 127.0.0.1. */
  readonly tlsPort: number;
  /** The Erlang node name. */
  readonly node: string;
  /** The folder of the node's data, logs, configuration and certificates; removed by {@link TlsBroker.stop}. */
  readonly dir: string;
  /** How long {@link TlsBroker.start} took in ms (certificates, boot, plugin, listeners). */
  startMs = 0;
  /** The CA certificate (PEM) that signed the server and client certificates. */
  ca = '';
  readonly #env: NodeJS.ProcessEnv;
  #stopped = false;
  #cleanups: (() => void)[] = [];

  private constructor(id: string, port: number) {
    this.port = port;
    this.tlsPort = port + 1;
    this.node = `warren-tls-${id}@localhost`;
    this.dir = path.join(tmpdir(), `warren-tls-${id}`);
    this.#env = nodeEnv({ name: this.node, port, dir: this.dir, home: path.join(this.dir, 'home') });
  }

  /** Makes the certificates, boots the node and resolves once both listeners accept. On failure everything is removed. */
  static async start(): Promise<TlsBroker> {
    const started = Date.now();
    const [port] = await freePorts(1, PORT_MIN, PORT_MAX, [1, 20000]);
    const broker = new TlsBroker(randomBytes(4).toString('hex'), port!);
    // Stopped however this process ends: an exit hook, and a watchdog for SIGKILL (the
    // runner's file timeout runs no hook).
    broker.#cleanups = [onExit(() => broker.destroySync()), watchdog(broker.dir, 'pid')];
    try {
      await broker.#makeCertificates();
      broker.#writeFiles();
      await startNodeDetached(broker.#env);
      await broker.ctl('wait', '--timeout', '120', path.join(broker.dir, 'pid'));
    } catch (err) {
      broker.destroySync();
      throw err;
    }
    broker.startMs = Date.now() - started;
    return broker;
  }

  /** `amqp://user:password@127.0.0.1:<port>` (plain listener), URL-encoded. */
  url(user = 'guest', password = 'guest'): string {
    return `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  /** `amqps://[user:password@]<host>:<tlsPort>`; no user for EXTERNAL logins. `host` must match the server certificate (localhost or 127.0.0.1). */
  tlsUrl(user?: string, password?: string, host = 'localhost'): string {
    const auth = user === undefined ? '' : `${encodeURIComponent(user)}:${encodeURIComponent(password ?? '')}@`;
    return `amqps://${auth}${host}:${this.tlsPort}`;
  }

  /**
   * A client certificate signed by the node's CA whose CN is `commonName` (the user an
   * EXTERNAL login gets), with its key encrypted under `passphrase` when given.
   */
  async clientCertificate(commonName: string, passphrase?: string): Promise<ClientCertificate> {
    const name = `client-${randomBytes(4).toString('hex')}`;
    await this.#issue(name, commonName, 'extendedKeyUsage=clientAuth');
    const keyFile = path.join(this.#certDir, `${name}.key`);
    if (passphrase !== undefined) {
      await run('openssl', ['pkey', '-in', keyFile, '-aes256', '-passout', `pass:${passphrase}`, '-out', `${keyFile}.enc`]);
    }
    return {
      cert: readFileSync(path.join(this.#certDir, `${name}.pem`), 'utf8'),
      key: readFileSync(passphrase === undefined ? keyFile : `${keyFile}.enc`, 'utf8'),
      ...(passphrase === undefined ? {} : { passphrase }),
    };
  }

  /** Creates `user` with full permissions on vhost `/` unless `permissions` says otherwise (configure, write, read regexes). */
  async addUser(user: string, password: string, permissions: [string, string, string] = ['.*', '.*', '.*']): Promise<void> {
    await this.ctl('add_user', user, password);
    await this.setPermissions(user, ...permissions);
  }

  /** `rabbitmqctl set_permissions -p / <user> <configure> <write> <read>`. */
  async setPermissions(user: string, configure: string, write: string, read: string): Promise<void> {
    await this.ctl('set_permissions', '-p', '/', user, configure, write, read);
  }

  /** `rabbitmqctl set_topic_permissions -p / <user> <exchange> <write> <read>`. */
  async setTopicPermissions(user: string, exchange: string, write: string, read: string): Promise<void> {
    await this.ctl('set_topic_permissions', '-p', '/', user, exchange, write, read);
  }

  /** `rabbitmqctl set_user_tags <user> ...tags` (e.g. `impersonator`). */
  async setUserTags(user: string, ...tags: string[]): Promise<void> {
    await this.ctl('set_user_tags', user, ...tags);
  }

  /** Runs `rabbitmqctl -q -n <node> ...args` and returns its stdout. */
  ctl(...args: string[]): Promise<string> {
    return nodeCli('rabbitmqctl', this.node, args, this.#env, 130_000);
  }

  /**
   * Kills the node with SIGKILL, as a crash would, and starts it again on the same ports with
   * the same data (users, permissions, durable queues) and certificates; resolves once it
   * accepts connections again.
   */
  async restart(): Promise<void> {
    const pid = this.#pid();
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
    const until = Date.now() + 10_000;
    while (pid !== undefined && alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    rmSync(path.join(this.dir, 'pid'), { force: true });
    await startNodeDetached(this.#env);
    await this.ctl('wait', '--timeout', '120', path.join(this.dir, 'pid'));
  }

  /** Kills the node and removes its folder (data, logs, keys). Safe to call twice; always call it (in `after`). */
  async stop(): Promise<void> {
    this.destroySync();
  }

  /** @internal {@link TlsBroker.stop}, synchronous, for the process's exit hook. */
  destroySync(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const cleanup of this.#cleanups) cleanup();
    const pid = this.#pid();
    // SIGKILL, not `rabbitmqctl stop`: the data is thrown away anyway, and it is instant.
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
    const until = Date.now() + 5_000;
    while (pid !== undefined && alive(pid) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    rmSync(this.dir, { recursive: true, force: true });
    releasePorts([this.port]);
  }

  get #certDir(): string {
    return path.join(this.dir, 'certs');
  }

  #pid(): number | undefined {
    try {
      const pid = Number(readFileSync(path.join(this.dir, 'pid'), 'utf8').trim());
      return pid > 0 && alive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  async #makeCertificates(): Promise<void> {
    mkdirSync(this.#certDir, { recursive: true });
    const c = (f: string) => path.join(this.#certDir, f);
    // EC P-256 keys: made in milliseconds, where RSA 2048 takes a noticeable fraction of a second each.
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', c('ca.key'), '-out', c('ca.pem'), '-days', '2', '-subj', '/CN=warren-test-ca',
    ]);
    await this.#issue('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth');
    this.ca = readFileSync(c('ca.pem'), 'utf8');
  }

  /** Makes `<name>.key` and `<name>.pem` (CN `commonName`, extensions `ext`) signed by the CA. */
  async #issue(name: string, commonName: string, ext: string): Promise<void> {
    const c = (f: string) => path.join(this.#certDir, f);
    await run('openssl', [
      'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', c(`${name}.key`), '-out', c(`${name}.csr`), '-subj', `/CN=${commonName}`,
    ]);
    writeFileSync(c(`${name}.ext`), `${ext}\n`);
    await run('openssl', [
      'x509', '-req', '-in', c(`${name}.csr`), '-CA', c('ca.pem'), '-CAkey', c('ca.key'), '-CAcreateserial',
      '-out', c(`${name}.pem`), '-days', '2', '-extfile', c(`${name}.ext`),
    ]);
  }

  #writeFiles(): void {
    const home = path.join(this.dir, 'home');
    for (const d of ['mnesia', 'log', 'home']) mkdirSync(path.join(this.dir, d), { recursive: true });
    const cookie = path.join(home, '.erlang.cookie');
    writeFileSync(cookie, randomBytes(16).toString('hex').toUpperCase());
    chmodSync(cookie, 0o400); // Erlang refuses a cookie others can read
    const c = (f: string) => path.join(this.#certDir, f);
    writeFileSync(
      path.join(this.dir, 'rabbitmq.conf'),
      [
        `listeners.tcp.default = 127.0.0.1:${this.port}`,
        `listeners.ssl.default = 127.0.0.1:${this.tlsPort}`,
        `ssl_options.cacertfile = ${c('ca.pem')}`,
        `ssl_options.certfile = ${c('server.pem')}`,
        `ssl_options.keyfile = ${c('server.key')}`,
        'ssl_options.verify = verify_peer',
        'ssl_options.fail_if_no_peer_cert = false',
        'ssl_options.versions.1 = tlsv1.3',
        'auth_mechanisms.1 = PLAIN',
        'auth_mechanisms.2 = AMQPLAIN',
        'auth_mechanisms.3 = EXTERNAL',
        'ssl_cert_login_from = common_name',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(this.dir, 'rabbitmq-env.conf'), '');
    writeFileSync(path.join(this.dir, 'enabled_plugins'), '[rabbitmq_auth_mechanism_ssl].\n');
  }
}
