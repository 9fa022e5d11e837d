/** @internal `text` cut to `max` characters (the last three `...`), for echoing input in error messages. */
export function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
