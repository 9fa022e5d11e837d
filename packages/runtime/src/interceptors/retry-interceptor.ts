import { checkWhole } from '../check-option.js';
import { RpcError } from '../rpc-error.js';
import type { Interceptor } from './interceptor.js';

/** Options for {@link retryInterceptor}. */
export interface RetryOptions {
  /** Attempts in all, the first included, 1 to 10. Default 3. */
  maxAttempts?: number;
  /** Wait before the first retry, ms; doubled for each one after. Default 100. */
  initialBackoffMs?: number;
  /** Longest wait between attempts, ms. Default 2000. */
  maxBackoffMs?: number;
}

/**
 * Retries calls of idempotent methods (`idempotent` in the contract) that failed UNAVAILABLE
 * (the broker refused the request, the connection dropped with it in flight, a server shut
 * down): up to `maxAttempts` in all, waiting an exponentially growing time with full jitter,
 * never past the call's deadline (the last error is the call's error then) and never after
 * the caller's signal aborted. Calls of other methods are never retried: they might run
 * twice. Give it to a client (or a connection) outside a tracing interceptor to see one span
 * per call, inside it to see one per attempt.
 *
 * @throws TypeError naming an option out of range.
 */
export function retryInterceptor(options: RetryOptions = {}): Interceptor {
  checkWhole(options.maxAttempts, 'RetryOptions.maxAttempts', 1, 10, 3);
  checkWhole(options.initialBackoffMs, 'RetryOptions.initialBackoffMs', 0, 60_000, 100);
  checkWhole(options.maxBackoffMs, 'RetryOptions.maxBackoffMs', 0, 600_000, 2000);
  const maxAttempts = options.maxAttempts ?? 3;
  const initial = options.initialBackoffMs ?? 100;
  const max = options.maxBackoffMs ?? 2000;
  return {
    name: 'retry',
    async client(call, next) {
      if (!call.method.idempotent) return next();
      for (let attempt = 1; ; attempt++) {
        try {
          return await next();
        } catch (err) {
          if (!RpcError.is(err, 'UNAVAILABLE') || attempt >= maxAttempts || call.signal?.aborted) throw err;
          const delay = Math.random() * Math.min(max, initial * 2 ** (attempt - 1)); // full jitter
          if (Date.now() + delay >= call.deadline) throw err; // no time left for another attempt
          await new Promise((resolve) => setTimeout(resolve, delay));
          if (call.signal?.aborted) throw new RpcError('CANCELLED', `${call.method.fullName} cancelled by the caller while waiting to retry`);
        }
      }
    },
  };
}
