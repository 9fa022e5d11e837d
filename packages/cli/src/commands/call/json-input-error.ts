/**
 * The request JSON does not fit the contract's message: `path` names the field
 * (`operands[1].value`), `problem` says what was expected and what came instead.
 */
export class JsonInputError extends Error {
  override readonly name = 'JsonInputError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

/** A short rendering of a JSON value for error messages, capped so a huge input is not echoed whole. */
export function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
