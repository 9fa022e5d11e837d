/**
 * A ping.
 *
 * Second paragraph, carried too.
 */
export interface Ping {
  /**
   * When the ping was sent.
   * @deprecated use `sentAtMs`
   */
  sentAt: Date;
  /** Milliseconds since the epoch. */
  sentAtMs: number;
}

export interface Pong {
  readonly receivedAt: Date;
}

/**
 * Answers pings.
 * @package health.v2
 * @queue health.pings
 * @see docs/contracts.md
 */
export interface HealthService {
  /**
   * Replies at once.
   * @idempotent
   * @timeoutMs 1500
   */
  ping(request: Ping): Promise<Pong>;
  /** Not idempotent, default deadline. */
  reset(request: Ping): Promise<Pong>;
  /**
   * Replies after a pause. warren's notes go before the block tags, not into them.
   * @idempotent
   * @deprecated use `ping`
   */
  slowPing(request: Ping): Promise<Pong>;
}
