import type { Logger } from '../logger.js';
import type { Interceptor } from '../interceptors/interceptor.js';
import type { BrokerChannel, ChannelOptions, PublishOptions } from './broker-channel.js';

/** What a connection tells the clients and servers built on it. */
export interface ConnectionListener {
  /** The connection is (again) open: channels and consumers can be (re)created. */
  up(): void;
  /** The connection was lost; every channel on it is gone. Recovery is under way. */
  down(error: Error): void;
  /** The broker asked publishers to pause (`connection.blocked`, memory or disk alarm). */
  blocked(reason: string): void;
  /** The broker lifted its block. */
  unblocked(): void;
}

/**
 * A connection to a broker, RabbitMQ (from {@link connect}) or in-memory (from `memory()`).
 * Generated clients and servers take either.
 */
export interface Connection {
  /** True while the connection is up. */
  readonly isOpen: boolean;
  /** True while the broker blocks publishers. */
  readonly isBlocked: boolean;
  /**
   * The user this connection logged in as, when known. Clients stamp it on requests as
   * `user_id`, which RabbitMQ checks against the connection's login (docs/security.md).
   */
  readonly user?: string | undefined;
  /**
   * How many times the connection came back after it was lost: 0 until the first reconnect.
   * A gauge users watch (`observeStats({ connections })` in `@warren/runtime/otel` publishes it):
   * a count that keeps rising means a flapping broker or network path.
   */
  readonly reconnects: number;
  /** The logger clients and servers on this connection use. */
  readonly logger: Logger;
  /** Interceptors every client and server on this connection runs, outside their own. */
  readonly interceptors?: readonly Interceptor[] | undefined;
  /** Opens a channel. Rejects with UNAVAILABLE while the connection is down. */
  openChannel(options?: ChannelOptions): Promise<BrokerChannel>;
  /**
   * Resolves once the connection is up and unblocked; rejects with UNAVAILABLE at
   * `deadline` (epoch ms) or when the connection is closed for good.
   */
  ready(deadline: number, signal?: AbortSignal): Promise<void>;
  /**
   * Publishes a reply to a direct reply-to address (`amq.rabbitmq.reply-to.*`) where a broker
   * error over it cannot reach the request consumer: RabbitMQ 3.x closes the whole
   * connection over a reply to a forged or dead address. Servers use it when present; a
   * connection without that hazard (`memory()`) leaves it out, and replies go on the
   * consumer's channel. `deadline` (epoch ms, NaN for none) bounds how long it may wait.
   */
  publishReply?(routingKey: string, content: Buffer, options: PublishOptions, deadline: number): void;
  /** Subscribes to connection events; returns the function that unsubscribes. */
  watch(listener: Partial<ConnectionListener>): () => void;
  /** Closes the connection for good; no reconnect follows. */
  close(): Promise<void>;
}
