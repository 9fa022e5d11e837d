/**
 * The JSDoc tags warren reads on TypeScript contracts, and the rule that tells a misspelled
 * warren tag (`@timeout`, `@timeoutMS`, `@idempotant`) from an ordinary documentation tag
 * (`@deprecated`, `@see`, ...), which is carried into the generated TSDoc as written.
 */

import { editDistance } from '../nearest-name.js';

/** Where each tag warren reads belongs. */
export const WARREN_TAGS: ReadonlyMap<string, 'service' | 'method'> = new Map([
  ['package', 'service'],
  ['queue', 'service'],
  ['timeoutMs', 'method'],
  ['idempotent', 'method'],
]);

/**
 * TSDoc's standard tags and the common JSDoc ones. They are never taken for a misspelled
 * warren tag, however close (`@package` is also JSDoc's, `@packageDocumentation` TSDoc's).
 */
const DOC_TAGS = new Set(
  [
    // TSDoc
    'alpha', 'beta', 'decorator', 'defaultValue', 'deprecated', 'eventProperty', 'example', 'experimental',
    'inheritDoc', 'internal', 'label', 'link', 'override', 'packageDocumentation', 'param', 'privateRemarks',
    'public', 'readonly', 'remarks', 'returns', 'sealed', 'see', 'throws', 'typeParam', 'virtual',
    // JSDoc and TypeDoc
    'abstract', 'access', 'arg', 'argument', 'async', 'author', 'category', 'class', 'const', 'constant',
    'copyright', 'default', 'desc', 'description', 'enum', 'event', 'exception', 'file', 'fires', 'function',
    'group', 'hidden', 'ignore', 'interface', 'license', 'linkcode', 'linkplain', 'member', 'memberof', 'module',
    'name', 'namespace', 'private', 'property', 'protected', 'prop', 'return', 'since', 'static', 'summary',
    'template', 'this', 'todo', 'tutorial', 'type', 'typedef', 'version', 'yields',
  ].map((t) => t.toLowerCase()),
);

/** Tags that mean a warren tag under another name; those of 7 letters or more also as a start (`@timeoutSeconds`). */
const SYNONYMS: Readonly<Record<string, string>> = {
  timeout: 'timeoutMs',
  deadline: 'timeoutMs',
  deadlinems: 'timeoutMs',
  idempotency: 'idempotent',
  retryable: 'idempotent',
  retriable: 'idempotent',
  queuename: 'queue',
};

/**
 * The warren tag `name` most likely stands for, when `name` is not one itself: a case variant
 * (`@timeoutMS`), a known synonym (`@timeout`, `@deadline`), a name within a small edit
 * distance (two edits, one for names under seven letters: `@idempotant`, `@queu`), or one
 * that starts with a warren tag's name or synonym, or is a start of six letters or more of one
 * (`@timeoutSeconds`, `@idempot`). Undefined for any other tag, and for the documentation
 * tags TSDoc and JSDoc define.
 */
export function nearestWarrenTag(name: string): string | undefined {
  if (WARREN_TAGS.has(name)) return undefined;
  const lower = name.toLowerCase();
  if (DOC_TAGS.has(lower)) return undefined;
  for (const [synonym, tag] of Object.entries(SYNONYMS)) {
    if (lower === synonym || (lower.startsWith(synonym) && synonym.length >= 7)) return tag;
  }
  let best: { tag: string; distance: number } | undefined;
  for (const tag of WARREN_TAGS.keys()) {
    const target = tag.toLowerCase();
    if (lower === target || lower.startsWith(target) || (target.startsWith(lower) && lower.length >= 6)) return tag;
    const distance = editDistance(lower, target);
    const allowed = Math.min(lower.length, target.length) < 7 ? 1 : 2;
    if (distance <= allowed && (!best || distance < best.distance)) best = { tag, distance };
  }
  return best?.tag;
}
