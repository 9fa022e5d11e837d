import { RpcError } from '../rpc-error.js';
import type { Logger } from '../logger.js';
import type { Interceptor } from '../interceptors/interceptor.js';
import { ConnectionState } from '../connection/connection-state.js';
import { backoffDelay } from '../connection/backoff.js';
import type { BrokerChannel, ChannelOptions } from '../connection/broker-channel.js';
import type { Connection, ConnectionListener } from '../connection/connection.js';
import type { BrokerPeer, MemoryBroker } from './memory-broker.js';
import { MemoryChannel } from './memory-channel.js';
import type { ConnectionFailure } from './connection-failure.js';

/** Options for {@link MemoryConnection.simulateConnectionLoss}. */
export interface ConnectionLossOptions {
  /** How long the connection stays down before it comes back, ms. Default 50. */
  downMs?: number;
}

/**
 * A connection to an in-memory broker, from `memory()`. Generated clients and servers take
 * it as they take a RabbitMQ connection. It adds ways to simulate failures in tests.
 */
export class MemoryConnection implements Connection {
  readonly logger: Logger;
  /** The broker this connection talks to; pass it to `memory({ broker })` for more connections. */
  readonly broker: MemoryBroker;
  readonly #state = new ConnectionState();
  readonly #channels = new Set<MemoryChannel>();
  readonly #peer: BrokerPeer;
  /** False from the moment the link drops, before listeners hear it (amqplib's order). */
  #linked = true;
  #restoreTimer: NodeJS.Timeout | undefined;
  #reconnects = 0;

  /** The user this connection logged in as (`memory({ user })`, default `guest`). */
  readonly user: string;
  /** `memory({ interceptors })`: run by every client and server on this connection. */
  readonly interceptors: readonly Interceptor[] | undefined;

  /** @internal Use `memory()`. */
  constructor(broker: MemoryBroker, logger: Logger, user = 'guest', interceptors?: readonly Interceptor[]) {
    this.broker = broker;
    this.interceptors = interceptors;
    this.logger = logger;
    this.user = user;
    this.#peer = { drop: (reason) => this.#drop(reason), restore: () => this.#restore() };
    broker.attach(this.#peer);
    this.#state.up();
  }

  get isOpen(): boolean {
    return this.#state.isOpen;
  }
  get isBlocked(): boolean {
    return this.#state.isBlocked;
  }

  /** Times the connection came back after a (simulated) loss. */
  get reconnects(): number {
    return this.#reconnects;
  }

  /** @internal Listener and waiter counts, for leak tests. */
  get stats(): { listeners: number; waiters: number; channels: number } {
    return { ...this.#state.size, channels: this.#channels.size };
  }

  /** `confirm` needs nothing here: every channel confirms a publish given a callback, a turn later. */
  async openChannel(_options?: ChannelOptions): Promise<BrokerChannel> {
    if (!this.#linked || !this.#state.isOpen) throw new RpcError('UNAVAILABLE', 'not connected to the in-memory broker');
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.#linked || !this.#state.isOpen) throw new RpcError('UNAVAILABLE', 'not connected to the in-memory broker');
    const channel = new MemoryChannel(
      this.broker,
      this,
      this.user,
      this.logger,
      (ch) => this.#channels.delete(ch),
      (failure) => this.#fail(failure),
    );
    // As with amqplib: channel errors surface as 'close'; an unhandled 'error' would throw.
    channel.on('error', (err: Error) => this.logger.debug('channel error', { error: err.message }));
    this.#channels.add(channel);
    return channel;
  }

  ready(deadline: number, signal?: AbortSignal): Promise<void> {
    return this.#state.ready(deadline, signal);
  }

  watch(listener: Partial<ConnectionListener>): () => void {
    return this.#state.watch(listener);
  }

  /**
   * Simulates losing the connection, as when RabbitMQ restarts or the network drops: every
   * channel on it closes (their unacked messages are redelivered to other consumers), its
   * exclusive queues are deleted, listeners hear `down`, and after `downMs` `up`, so clients
   * and servers recover as they would from a real reconnect. Resolves once it is up again.
   * Other connections to the same broker are unaffected; see {@link MemoryBroker.restart}.
   */
  async simulateConnectionLoss(options: ConnectionLossOptions = {}): Promise<void> {
    if (this.#state.isClosed) throw new RpcError('UNAVAILABLE', 'connection closed');
    this.#drop('connection lost (simulated)');
    await new Promise<void>((resolve) => {
      this.#restoreTimer = setTimeout(() => {
        this.#restore();
        resolve();
      }, options.downMs ?? 50);
    });
  }

  /**
   * The broker closed the connection (a hard error, e.g. 541 for a denied deprecated feature):
   * as with `connect()`, it is logged, every channel closes, and a reconnect follows after the
   * first backoff delay. What caused it will fail the same way once it is tried again.
   */
  #fail(failure: ConnectionFailure): void {
    const error = failure.connectionError();
    this.logger.warn('connection error', { broker: 'memory', error: error.message });
    this.#drop(error.message);
    if (this.#state.isClosed) return;
    clearTimeout(this.#restoreTimer);
    this.#restoreTimer = setTimeout(() => this.#restore(), backoffDelay(1));
  }

  #drop(reason: string): void {
    if (!this.#linked) return;
    this.#linked = false;
    // amqplib closes the channels first, then reports the connection closed.
    for (const channel of [...this.#channels]) channel.terminate();
    this.broker.ownerGone(this);
    if (!this.#state.isClosed) {
      this.logger.warn('connection lost; reconnecting', { broker: 'memory', reason });
      this.#state.down(new RpcError('UNAVAILABLE', `connection to the in-memory broker lost: ${reason}`));
    }
  }

  #restore(): void {
    clearTimeout(this.#restoreTimer);
    if (this.#state.isClosed || this.#linked) return;
    this.#linked = true;
    this.#reconnects++;
    this.#state.up();
  }

  /** Closes the connection for good: channels close, exclusive queues are deleted. */
  async close(): Promise<void> {
    if (this.#state.isClosed) return;
    this.#state.closed();
    clearTimeout(this.#restoreTimer);
    this.#linked = false;
    for (const channel of [...this.#channels]) channel.terminate();
    this.broker.ownerGone(this);
    this.broker.detach(this.#peer);
  }
}
