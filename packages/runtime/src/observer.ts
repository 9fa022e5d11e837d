import type { StatusCode } from './status-code.js';

/** What a call is, as observers see it. */
export interface CallInfo {
  /** Fully qualified service name. */
  readonly service: string;
  /** Fully qualified method name (the AMQP `type`). */
  readonly method: string;
  readonly correlationId: string;
}

/** How a call ended. */
export interface CallOutcome extends CallInfo {
  /** `OK` or the error code the call ended with. */
  readonly code: StatusCode;
  /** Wall time from start to end, ms. */
  readonly durationMs: number;
}

/**
 * Hooks for metrics, logs and traces, on clients and servers alike. They run synchronously
 * on the call path: keep them cheap. An observer that throws is logged and ignored.
 */
export interface CallObserver {
  onCallStart?(call: CallInfo): void;
  onCallEnd?(call: CallOutcome): void;
}
