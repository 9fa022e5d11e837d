import type { Size } from '../scenario.js';

/** The caller side of one implementation, as the load generator drives it. */
export interface BenchClient {
  /** One call of the given size; resolves once its (checked) reply is in. */
  call(size: Size): Promise<void>;
  /** Closes the client and deletes the reply queue it declared, if any. */
  close(): Promise<void>;
}

/** The serving side of one implementation, running in its own process. */
export interface BenchServer {
  /** Calls answered so far. */
  readonly handled: number;
  /** Stops serving and deletes the request queue(s) it declared. */
  close(): Promise<void>;
}
