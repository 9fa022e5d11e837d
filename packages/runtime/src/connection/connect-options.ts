import type { ConnectionOptions } from 'node:tls';
import type { Logger } from '../logger.js';
import type { BackoffOptions } from './backoff.js';

/** Options for {@link connect}. */
export interface ConnectOptions {
  /** Where warren logs; credentials are never logged. Default: warnings and errors to stderr. */
  logger?: Logger;
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
   * The user this connection logs in as, when the URL does not say (with `auth: 'external'`,
   * the certificate's user): clients stamp it on requests as `user_id`.
   */
  user?: string;
}

/** The TLS options warren passes to Node's `tls.connect` for `amqps://` URLs. */
export type TlsOptions = Pick<
  ConnectionOptions,
  'ca' | 'cert' | 'key' | 'passphrase' | 'pfx' | 'servername' | 'rejectUnauthorized' | 'minVersion' | 'maxVersion' | 'ciphers' | 'checkServerIdentity'
>;
