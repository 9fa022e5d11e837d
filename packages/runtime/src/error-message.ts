/**
 * @internal The message of whatever was thrown: an Error's `message`, anything else as a
 * string (a thrown string, a rejected number). One place, so every error text reads alike.
 */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
