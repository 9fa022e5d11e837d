import { RpcError } from '../rpc-error.js';
import type { ConnectionListener } from './connection.js';

type Waiter = { resolve: () => void; reject: (err: Error) => void; cleanup: () => void };

/**
 * @internal The up/down/blocked bookkeeping both connection kinds share: listeners, and
 * callers waiting for the connection to be usable.
 */
export class ConnectionState {
  isOpen = false;
  isBlocked = false;
  isClosed = false;
  readonly #listeners = new Set<Partial<ConnectionListener>>();
  readonly #waiters = new Set<Waiter>();

  watch(listener: Partial<ConnectionListener>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Number of listeners and waiters, for leak checks. */
  get size(): { listeners: number; waiters: number } {
    return { listeners: this.#listeners.size, waiters: this.#waiters.size };
  }

  up(): void {
    this.isOpen = true;
    for (const l of [...this.#listeners]) l.up?.();
    this.#wake();
  }

  down(error: Error): void {
    this.isOpen = false;
    for (const l of [...this.#listeners]) l.down?.(error);
  }

  blocked(reason: string): void {
    this.isBlocked = true;
    for (const l of [...this.#listeners]) l.blocked?.(reason);
  }

  unblocked(): void {
    this.isBlocked = false;
    for (const l of [...this.#listeners]) l.unblocked?.();
    this.#wake();
  }

  closed(): void {
    this.isClosed = true;
    this.isOpen = false;
    const err = new RpcError('UNAVAILABLE', 'connection closed');
    for (const w of [...this.#waiters]) {
      w.cleanup();
      w.reject(err);
    }
  }

  ready(deadline: number, signal?: AbortSignal): Promise<void> {
    if (this.isClosed) return Promise.reject(new RpcError('UNAVAILABLE', 'connection closed'));
    if (this.isOpen && !this.isBlocked) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(new RpcError('CANCELLED', 'call cancelled'));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        waiter.cleanup();
        reject(new RpcError('CANCELLED', 'call cancelled'));
      };
      const timer = setTimeout(() => {
        waiter.cleanup();
        reject(
          new RpcError(
            'UNAVAILABLE',
            this.isBlocked ? 'broker blocked publishers until the deadline' : 'broker unreachable until the deadline',
          ),
        );
      }, Math.max(0, deadline - Date.now()));
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.#waiters.delete(waiter);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  #wake(): void {
    if (!this.isOpen || this.isBlocked) return;
    for (const w of [...this.#waiters]) {
      w.cleanup();
      w.resolve();
    }
  }
}
