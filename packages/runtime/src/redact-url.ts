/**
 * Returns `url` with any password replaced by `***`, for logs and error messages.
 * Unparseable input is hidden whole rather than echoed, since it may hold a secret.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<unparseable url>';
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
