import { formatLocation, type SourceLocation } from './source-location.js';

/**
 * A problem in a contract, reported as `file:line:column: message` with what was expected
 * and how to fix it. Parsers collect these rather than stop at the first.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    readonly location: SourceLocation,
    /** What is wrong, what was expected, how to fix it. */
    readonly problem: string,
  ) {
    super(`${formatLocation(location)}: ${problem}`);
  }
}

/** Thrown when a run finds one or more contract errors; `errors` lists them all. */
export class ContractErrors extends Error {
  override readonly name = 'ContractErrors';
  constructor(readonly errors: readonly ContractError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}
