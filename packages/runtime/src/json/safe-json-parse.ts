import { DecodeError } from '../codec.js';

// Keys that could reach a prototype if a parsed object were ever merged or assigned key by key.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function dropForbidden(key: string, value: unknown): unknown {
  return FORBIDDEN.has(key) ? undefined : value;
}

/**
 * Parses JSON text with `__proto__`, `constructor` and `prototype` keys removed at every depth,
 * so nothing parsed can reach an object's prototype. Text that cannot contain those keys (the
 * common case) takes the plain `JSON.parse` fast path; `\u` escapes force the careful path,
 * since `"\u005f_proto__"` spells `__proto__`.
 * @throws DecodeError when the text is not JSON.
 */
export function safeJsonParse(text: string): unknown {
  const careful =
    text.includes('\\u') || text.includes('__proto__') || text.includes('constructor') || text.includes('prototype');
  try {
    return careful ? JSON.parse(text, dropForbidden) : JSON.parse(text);
  } catch (err) {
    throw new DecodeError('', `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
