import { show } from '../check-option.js';
import type { Interceptor } from './interceptor.js';

/** @internal A chain of interceptors of one side, run as one: `run(call, terminal)`. */
export type Chain<Call> = <Res>(call: Call, terminal: () => Promise<Res>) => Promise<Res>;

type Step<Call> = (call: Call, next: () => Promise<unknown>) => Promise<unknown>;

/**
 * @internal Composes the `side` functions of `lists` (connection's first, then the client's
 * or server's own) into one chain, the first given outermost; undefined when there are none,
 * so the call path can skip interceptors entirely.
 * @throws TypeError naming the first entry that is not an interceptor.
 */
export function composeInterceptors<Call>(
  side: 'client' | 'server',
  lists: readonly { where: string; list: readonly Interceptor[] | undefined }[],
): Chain<Call> | undefined {
  const steps: Step<Call>[] = [];
  for (const { where, list } of lists) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new TypeError(`${where}: expected an array of interceptors, for example [{ client: (call, next) => next() }]; got ${show(list)}`);
    list.forEach((entry: unknown, i) => {
      const fn = (entry as Interceptor | null)?.[side];
      if (typeof entry !== 'object' || entry === null || (fn !== undefined && typeof fn !== 'function')) {
        const got = typeof entry === 'object' && entry !== null ? `{ ${side}: ${show(fn)} }` : show(entry);
        throw new TypeError(`${where}[${i}]: expected an interceptor { ${side}: (call, next) => next() }; got ${got}`);
      }
      if (fn) steps.push(fn as Step<Call>);
    });
  }
  if (steps.length === 0) return undefined;
  return <Res>(call: Call, terminal: () => Promise<Res>): Promise<Res> => {
    const step = (i: number): Promise<unknown> => {
      if (i === steps.length) return terminal();
      try {
        return Promise.resolve(steps[i]!(call, () => step(i + 1)));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    return step(0) as Promise<Res>;
  };
}
