/** Reconnect pacing: exponential backoff with jitter, so a fleet does not reconnect in step. */
export interface BackoffOptions {
  /** First delay, ms. Default 100. */
  initialDelayMs?: number;
  /** Largest delay, ms. Default 5000. */
  maxDelayMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay randomised, 0..1. Default 0.3. */
  jitter?: number;
}

/** The delay before reconnect attempt `attempt` (1-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialDelayMs = 100, maxDelayMs = 5_000, factor = 2, jitter = 0.3 } = options;
  const base = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1));
  return Math.round(base * (1 - jitter + Math.random() * 2 * jitter));
}
