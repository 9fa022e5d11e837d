/** The message of a thrown value: `err.message` for an Error, else the value as a string. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
