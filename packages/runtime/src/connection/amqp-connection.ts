import * as amqp from 'amqplib';
import { RpcError } from '../rpc-error.js';
import { stderrLogger, type Logger } from '../logger.js';
import { redactUrl } from '../redact-url.js';
import { errorMessage } from '../error-message.js';
import { backoffDelay } from './backoff.js';
import type { ConnectOptions } from './connect-options.js';
import { checkConnectOptions } from './check-connect-options.js';
import { batchSocketWrites } from './batch-socket-writes.js';
import { guardHeaderFrames } from './header-guard.js';
import { isLoginError, loginError } from './login-error.js';
import { certificateUser } from './certificate-user.js';
import { ConnectionState } from './connection-state.js';
import type { BrokerChannel, ChannelOptions, PublishOptions } from './broker-channel.js';
import { IsolatedReplies } from './isolated-replies.js';
import type { Connection, ConnectionListener } from './connection.js';
import type { Interceptor } from '../interceptors/interceptor.js';

/** @internal A RabbitMQ connection that reconnects over a list of URLs. Use {@link connect}. */
export class AmqpConnection implements Connection {
  readonly logger: Logger;
  readonly interceptors: readonly Interceptor[] | undefined;
  readonly #urls: readonly string[];
  readonly #options: ConnectOptions;
  readonly #state = new ConnectionState();
  #model: amqp.ChannelModel | undefined;
  #next = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  /** The URL of the current (or last) connection; the reply connection goes to the same broker. */
  #url: string;
  #replies: IsolatedReplies | undefined;
  #user: string | undefined;
  #reconnects = 0;
  #connectedBefore = false;
  /** With auth 'external', the client certificate's CN: the user RabbitMQ logs it in as. */
  readonly #certificateUser: string | undefined;

  constructor(urls: readonly string[], options: ConnectOptions = {}) {
    if (urls.length === 0) throw new TypeError('connect: expected at least one broker URL, for example amqp://localhost');
    checkConnectOptions(options);
    this.#urls = urls;
    this.#url = urls[0]!;
    this.#options = options;
    this.logger = options.logger ?? stderrLogger;
    this.interceptors = options.interceptors;
    if (options.auth === 'external' && options.user === undefined) this.#certificateUser = certificateUser(options.tls?.cert);
  }

  get isOpen(): boolean {
    return this.#state.isOpen;
  }

  /**
   * The user of the current connection: `ConnectOptions.user`, else the URL's user name
   * (`guest` when none), or with EXTERNAL the client certificate's CN.
   */
  get user(): string | undefined {
    return this.#user;
  }
  get isBlocked(): boolean {
    return this.#state.isBlocked;
  }

  /** Times the connection came back after it was lost (see {@link Connection.reconnects}). */
  get reconnects(): number {
    return this.#reconnects;
  }

  /** @internal Listener and waiter counts, for leak tests. */
  get stats(): { listeners: number; waiters: number } {
    return this.#state.size;
  }

  /**
   * Makes the first connection; rejects with UNAVAILABLE when no URL answers, and at once with
   * UNAUTHENTICATED (or PERMISSION_DENIED for the vhost) when a broker refuses the login.
   */
  async start(): Promise<void> {
    const passes = this.#options.initialPasses ?? 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < passes * this.#urls.length; attempt++) {
      try {
        await this.#open();
        return;
      } catch (err) {
        if (isLoginError(err)) throw err; // a refused login is not fixed by retrying: fail fast
        lastError = err;
        if (attempt + 1 < passes * this.#urls.length && (attempt + 1) % this.#urls.length === 0) {
          await new Promise((r) => setTimeout(r, backoffDelay((attempt + 1) / this.#urls.length, this.#options.reconnect)));
        }
      }
    }
    const tried = this.#urls.map(redactUrl).join(', ');
    throw new RpcError('UNAVAILABLE', `could not connect to RabbitMQ at ${tried}: ${describe(lastError)}`, undefined, {
      cause: lastError,
    });
  }

  async #open(): Promise<void> {
    const url = this.#urls[this.#next % this.#urls.length]!;
    this.#next++;
    const model = await this.#connectTo(url, `warren ${process.pid}`);
    // A reconnect that completes after close(): nobody would close this one.
    if (this.#state.isClosed) return void (await model.close().catch(() => undefined));
    this.#model = model;
    this.#url = url;
    this.#user = this.#options.user ?? (this.#options.auth === 'external' ? this.#certificateUser : userOf(url));
    model.on('error', (err: Error) => this.logger.warn('connection error', { url: redactUrl(url), error: describe(err) }));
    model.on('blocked', (reason: string) => this.#state.blocked(reason));
    model.on('unblocked', () => this.#state.unblocked());
    model.once('close', (err?: Error) => this.#lost(model, url, err));
    this.logger.info('connected', { url: redactUrl(url) });
    if (this.#connectedBefore) this.#reconnects++;
    this.#connectedBefore = true;
    this.#state.up();
  }

  async #connectTo(url: string, name: string): Promise<amqp.ChannelModel> {
    const model = await amqp
      .connect(withHeartbeat(url, this.#options.heartbeatSeconds ?? 10), {
        ...this.#options.tls,
        noDelay: true, // without it a lone caller waits ~40 ms per call (Nagle vs delayed ACK)
        timeout: this.#options.connectTimeoutMs ?? 5_000,
        clientProperties: { connection_name: name },
        ...(this.#options.auth === 'external' ? { credentials: amqp.credentials.external() } : {}),
      })
      .catch((err: unknown) => {
        throw tlsError(err) ?? loginError(err, url, this.#options.auth ?? 'plain') ?? err;
      });
    batchSocketWrites(model);
    guardHeaderFrames(model);
    return model;
  }

  /**
   * @internal Publishes a reply to a direct reply-to address on a connection of its own
   * (see {@link IsolatedReplies}), opened on first use to the broker this connection is on.
   */
  publishReply(routingKey: string, content: Buffer, options: PublishOptions, deadline: number): void {
    this.#replies ??= new IsolatedReplies(() => this.#connectTo(this.#url, `warren ${process.pid} replies`), this.logger);
    this.#replies.publish({ routingKey, content, options, deadline, losses: 0 });
  }

  /** @internal Replies given up because the broker closed the reply connection over them. */
  get retiredReplies(): number {
    return this.#replies?.retired ?? 0;
  }

  #lost(model: amqp.ChannelModel, url: string, err: Error | undefined): void {
    if (this.#model !== model) return;
    this.#model = undefined;
    if (this.#state.isBlocked) this.#state.unblocked();
    if (this.#state.isClosed) return;
    const error = new RpcError('UNAVAILABLE', `connection to ${redactUrl(url)} lost: ${describe(err)}`);
    this.logger.warn('connection lost; reconnecting', { url: redactUrl(url), error: describe(err) });
    this.#state.down(error);
    this.#scheduleReconnect(1);
  }

  #scheduleReconnect(attempt: number): void {
    const delay = backoffDelay(attempt, this.#options.reconnect);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state.isClosed) return;
      this.#open().catch((err: unknown) => {
        // A refused login after a loss (password rotated, user deleted) is retried: it may be
        // put right while this process waits, and giving up would leave it serving nothing.
        // It is logged as an error, where a broker still down is only debug noise.
        if (isLoginError(err)) this.logger.error('reconnect refused by the broker; retrying', { attempt, error: err.message });
        else this.logger.debug('reconnect attempt failed', { attempt, error: describe(err) });
        if (!this.#state.isClosed) this.#scheduleReconnect(attempt + 1);
      });
    }, delay);
  }

  async openChannel(options: ChannelOptions = {}): Promise<BrokerChannel> {
    const model = this.#model;
    if (!model || !this.#state.isOpen) throw new RpcError('UNAVAILABLE', 'not connected to RabbitMQ');
    const channel = options.confirm ? await model.createConfirmChannel() : await model.createChannel();
    // An unhandled 'error' event would crash the process; channel errors surface as 'close'.
    channel.on('error', (err: Error) => this.logger.warn('channel closed by the broker', { error: describe(err) }));
    return asBrokerChannel(channel);
  }

  ready(deadline: number, signal?: AbortSignal): Promise<void> {
    return this.#state.ready(deadline, signal);
  }

  watch(listener: Partial<ConnectionListener>): () => void {
    return this.#state.watch(listener);
  }

  async close(): Promise<void> {
    if (this.#state.isClosed) return;
    this.#state.closed();
    clearTimeout(this.#reconnectTimer);
    const model = this.#model;
    this.#model = undefined;
    await this.#replies?.close();
    if (model) await model.close().catch(() => undefined);
  }
}

/**
 * amqplib's channel as the {@link BrokerChannel} warren codes against. Every operation is
 * checked at compile time (an amqplib upgrade that changes one fails to build); only the
 * event methods are exempt, because amqplib types a returned message as a delivery while
 * it emits one with `replyCode` and `replyText` in its fields.
 */
function asBrokerChannel(channel: amqp.Channel): BrokerChannel {
  const operations: Omit<BrokerChannel, 'on' | 'once' | 'removeListener'> = channel;
  return operations as BrokerChannel;
}

/** The user name of a URL as amqplib logs in with it (`guest` when the URL has none). */
function userOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.username || parsed.password ? decodeURIComponent(parsed.username) : 'guest';
  } catch {
    return 'guest';
  }
}

/** A TLS failure, said plainly: which check failed (Node's code), never the key material. */
function tlsError(err: unknown): Error | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|ALTNAME|HOSTNAME|EPROTO/.test(code)) return undefined;
  return new Error(`TLS handshake failed: ${code} (${describe(err)}); check ConnectOptions.tls (ca, servername, cert)`);
}

function withHeartbeat(url: string, seconds: number): string {
  if (/[?&]heartbeat=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}heartbeat=${seconds}`;
}

function describe(err: unknown): string {
  if (err === undefined) return 'closed by the broker';
  return errorMessage(err);
}
