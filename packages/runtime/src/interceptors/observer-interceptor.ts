import { notify } from '../notify.js';
import { RpcError } from '../rpc-error.js';
import type { Logger } from '../logger.js';
import type { CallInfo, CallObserver } from '../observer.js';
import type { ClientCall, Interceptor, ServerCall } from './interceptor.js';

/**
 * @internal The `observer` option of clients and servers, as an interceptor (the innermost):
 * observers are built on interceptors, not a second mechanism. A client observer sees each
 * attempt a retry interceptor makes. A hook that throws is logged and ignored.
 */
export function observerInterceptor(observer: CallObserver, logger: Logger): Interceptor {
  const observe = async <Res>(info: CallInfo, next: () => Promise<Res>): Promise<Res> => {
    const started = performance.now();
    if (observer.onCallStart) notify(logger, () => observer.onCallStart!(info));
    const end = (code: RpcError['code'] | 'OK') => {
      if (observer.onCallEnd) notify(logger, () => observer.onCallEnd!({ ...info, code, durationMs: performance.now() - started }));
    };
    try {
      const value = await next();
      end('OK');
      return value;
    } catch (err) {
      end(err instanceof RpcError ? err.code : 'INTERNAL');
      throw err;
    }
  };
  return {
    name: 'observer',
    client: <Req, Res>(call: ClientCall<Req, Res>, next: () => Promise<Res>) =>
      observe({ service: call.service, method: call.method.fullName, correlationId: call.correlationId }, next),
    server: <Req, Res>(call: ServerCall<Req, Res>, next: () => Promise<Res>) =>
      observe({ service: call.service, method: call.method.fullName, correlationId: call.context.correlationId }, next),
  };
}
