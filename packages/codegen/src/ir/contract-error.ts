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

/**
 * Errors by file (the run's files first, in their order), then line and column, each message
 * once: the checks run in phases, and a compiler's list reads top to bottom.
 */
export function inReadingOrder(errors: readonly ContractError[], files: readonly string[]): ContractError[] {
  const rank = (file: string) => {
    const i = files.indexOf(file);
    return i === -1 ? files.length : i;
  };
  const seen = new Set<string>();
  return errors
    .filter((e) => !seen.has(e.message) && seen.add(e.message))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const fa = a.e.location.file;
      const fb = b.e.location.file;
      return rank(fa) - rank(fb) || (fa < fb ? -1 : fa > fb ? 1 : 0) || a.e.location.line - b.e.location.line || a.e.location.column - b.e.location.column || a.i - b.i;
    })
    .map(({ e }) => e);
}
