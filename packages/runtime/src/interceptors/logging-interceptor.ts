import { RpcError } from '../rpc-error.js';
import type { Logger } from '../logger.js';
import type { StatusCode } from '../status-code.js';
import type { Interceptor } from './interceptor.js';
import { errorMessage } from '../error-message.js';

/** Options for {@link loggingInterceptor}. */
export interface LoggingOptions {
  /**
   * The level of a failed call's line, by side and code. Default: `warn`, except `info` for
   * what a server answers the caller for its own input (INVALID_ARGUMENT, NOT_FOUND, ...).
   */
  level?: (code: StatusCode, side: 'client' | 'server') => 'debug' | 'info' | 'warn' | 'error';
}

const CALLER_FAULTS: ReadonlySet<StatusCode> = new Set<StatusCode>([
  'CANCELLED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'FAILED_PRECONDITION', 'OUT_OF_RANGE', 'UNAUTHENTICATED',
]);

/**
 * Logs every failed call, client and server side, one structured line each: side, method,
 * code, message, correlation id, attempt (client), duration. Never the request, the reply or
 * the headers (they may hold personal data or credentials). Successful calls are not logged.
 *
 * @example
 * ```ts
 * const conn = await connect(url, { interceptors: [loggingInterceptor(pinoLikeLogger)] });
 * ```
 */
export function loggingInterceptor(logger: Logger, options: LoggingOptions = {}): Interceptor {
  const level = options.level ?? ((code, side) => (side === 'server' && CALLER_FAULTS.has(code) ? 'info' : 'warn'));
  const log = (side: 'client' | 'server', err: unknown, fields: Record<string, unknown>, started: number) => {
    const code: StatusCode = err instanceof RpcError ? err.code : 'UNKNOWN';
    const message = errorMessage(err);
    try {
      logger[level(code, side)](`rpc ${side} call failed`, { ...fields, code, message, durationMs: Math.round(performance.now() - started) });
    } catch {
      // A logger that throws must not change the call's outcome.
    }
  };
  return {
    name: 'logging',
    async client(call, next) {
      const started = performance.now();
      try {
        return await next();
      } catch (err) {
        log('client', err, { method: call.method.fullName, correlationId: call.correlationId, attempt: call.attempt, queue: call.queue }, started);
        throw err;
      }
    },
    async server(call, next) {
      const started = performance.now();
      try {
        return await next();
      } catch (err) {
        const ctx = call.context;
        log('server', err, { method: call.method.fullName, correlationId: ctx.correlationId, caller: ctx.caller?.user, redelivered: ctx.redelivered, queue: call.queue }, started);
        throw err;
      }
    },
  };
}
