/** Exit codes of the warren command; documented in docs/cli.md. */
export const ExitCode = {
  ok: 0,
  /** Bad contracts, bad arguments, or a failed check. */
  usage: 1,
  /** `codegen --check`: generated/ is stale. */
  stale: 2,
  /** A bug in warren itself. */
  internal: 70,
} as const;

/** An error the command reports as one clear message (no stack) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.usage,
  ) {
    super(message);
  }
}
