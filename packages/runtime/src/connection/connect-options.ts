import type { ConnectionOptions } from 'node:tls';
import type { Logger } from '../logger.js';
import type { Interceptor } from '../interceptors/interceptor.js';
import type { BackoffOptions } from './backoff.js';

/** Options for {@link connect}. */
export interface ConnectOptions {
  /** Where warren logs; credentials are never logged. Default: warnings and errors to stderr. */
  logger?: Logger;
  /**
   * Interceptors for every client and server made on this connection (tracing, metrics), run
   * outside their own; the first given is the outermost. See docs/observability.md.
   */
  interceptors?: readonly Interceptor[];
  /** Reconnect pacing after a connection loss. */
  reconnect?: BackoffOptions;
  /** How many full passes over the URL list the first connect makes before giving up. Default 1. */
  initialPasses?: number;
  /** AMQP heartbeat in seconds (0 disables). Default 10, so a dead peer is noticed in ~20 s. */
  heartbeatSeconds?: number;
  /** TCP connect timeout per attempt, ms. Default 5000. */
  connectTimeoutMs?: number;
  /**
   * TLS for `amqps://` URLs: the CA that signed the broker's certificate, and for client
   * certificates `cert`, `key` and `passphrase` (Node's `tls.connect` options, passed as they
   * are). Never logged. See docs/security.md.
   */
  tls?: TlsOptions;
  /**
   * `plain` (default): the user name and password of the URL. `external`: SASL EXTERNAL, the
   * broker takes the user from the client certificate (`tls.cert`; the broker needs the
   * rabbitmq_auth_mechanism_ssl plugin).
   */
  auth?: 'plain' | 'external';
  /**
   * The user this connection logs in as, which clients stamp on requests as `user_id`.
   * Default: the URL's user name (`guest` when it has none); with `auth: 'external'`, the
   * client certificate's subject CN, the user RabbitMQ gives it with `ssl_cert_login_from =
   * common_name`. Set it when the broker maps certificates to users otherwise (by default
   * RabbitMQ uses the whole distinguished name), or with a `pfx`.
   */
  user?: string;
}

/** The TLS options warren passes to Node's `tls.connect` for `amqps://` URLs. */
export type TlsOptions = Pick<
  ConnectionOptions,
  'ca' | 'cert' | 'key' | 'passphrase' | 'pfx' | 'servername' | 'rejectUnauthorized' | 'minVersion' | 'maxVersion' | 'ciphers' | 'checkServerIdentity'
>;
