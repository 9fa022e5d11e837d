import type { ErrorCode } from '@warren/runtime';

/** Exit codes of the warren command; docs/cli.md documents every one. */
export const ExitCode = {
  ok: 0,
  /** Bad arguments, bad config, bad contracts, bad request JSON. */
  usage: 1,
  /** `codegen --check`: generated/ is stale. */
  stale: 2,
  /** `breaking`: at least one wire-breaking change. */
  breaking: 3,
  /** A bug in warren itself. */
  internal: 70,
} as const;

/**
 * `warren call` exits with 10 + the gRPC number of the error code, so the code survives a
 * shell pipeline and matches what gRPC users know (UNAVAILABLE = 14 -> exit 24).
 */
export const CALL_EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  CANCELLED: 11,
  UNKNOWN: 12,
  INVALID_ARGUMENT: 13,
  DEADLINE_EXCEEDED: 14,
  NOT_FOUND: 15,
  ALREADY_EXISTS: 16,
  PERMISSION_DENIED: 17,
  RESOURCE_EXHAUSTED: 18,
  FAILED_PRECONDITION: 19,
  ABORTED: 20,
  OUT_OF_RANGE: 21,
  UNIMPLEMENTED: 22,
  INTERNAL: 23,
  UNAVAILABLE: 24,
  DATA_LOSS: 25,
  UNAUTHENTICATED: 26,
};

/** An error the command reports as one clear message (no stack) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.usage,
  ) {
    super(message);
  }
}
