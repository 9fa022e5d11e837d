/** Small text helpers for the TSDoc that generated code carries. */

/**
 * `doc` with `notes` added as lines of its description: before the first block tag
 * (`@deprecated Use X.`), where they would otherwise become part of that tag's text.
 */
export function docWithNotes(doc: string | undefined, notes: readonly string[]): string {
  const lines = doc ? doc.split('\n') : [];
  const firstTag = lines.findIndex((line) => /^\s*@[A-Za-z]/.test(line));
  const at = firstTag < 0 ? lines.length : firstTag;
  return [...lines.slice(0, at), ...notes, ...lines.slice(at)].join('\n');
}

/**
 * The indefinite article for `word` as it is read aloud: `an inventory.v1.Inventory`,
 * `a users.v1.UserService` (a `u` followed by one consonant and a vowel sounds "yoo").
 */
export function article(word: string): 'a' | 'an' {
  if (/^[aeio]/i.test(word)) return 'an';
  if (/^u/i.test(word)) return /^u[^aeiou\W][aeiou]/i.test(word) ? 'a' : 'an';
  return 'a';
}
