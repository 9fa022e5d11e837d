import { checkOneOf, checkWhole, show } from '../check-option.js';
import type { ConnectOptions } from './connect-options.js';

/** @internal Throws a TypeError naming the first {@link ConnectOptions} value out of range. */
export function checkConnectOptions(options: ConnectOptions): void {
  checkWhole(options.heartbeatSeconds, 'ConnectOptions.heartbeatSeconds', 0, 65_535, 10); // AMQP short
  checkWhole(options.connectTimeoutMs, 'ConnectOptions.connectTimeoutMs', 1, 2 ** 31 - 1, 5000);
  checkWhole(options.initialPasses, 'ConnectOptions.initialPasses', 1, 1_000_000, 1);
  checkOneOf(options.auth, 'ConnectOptions.auth', ['plain', 'external']);
  if (options.auth === 'external' && options.tls?.cert === undefined && options.tls?.pfx === undefined) {
    throw new TypeError("ConnectOptions.auth: 'external' logs in with a client certificate; give it as tls.cert and tls.key (or tls.pfx)");
  }
  if (options.user !== undefined && (typeof options.user !== 'string' || options.user === '')) {
    throw new TypeError(`ConnectOptions.user: expected a user name, for example 'orders-service'; got ${show(options.user)}`);
  }
  const r = options.reconnect ?? {};
  checkWhole(r.initialDelayMs, 'ConnectOptions.reconnect.initialDelayMs', 0, 2 ** 31 - 1, 100);
  checkWhole(r.maxDelayMs, 'ConnectOptions.reconnect.maxDelayMs', 0, 2 ** 31 - 1, 5000);
  checkFraction(r.factor, 'ConnectOptions.reconnect.factor', 1, 100, 2);
  checkFraction(r.jitter, 'ConnectOptions.reconnect.jitter', 0, 1, 0.3);
}

function checkFraction(value: unknown, name: string, min: number, max: number, example: number): void {
  if (value === undefined || (typeof value === 'number' && value >= min && value <= max)) return;
  throw new TypeError(`${name}: expected a number from ${min} to ${max}, for example ${example}; got ${String(value)}`);
}
