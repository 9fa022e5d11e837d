import { DecodeError } from '../codec.js';
import { errorMessage } from '../error-message.js';

/**
 * Parses JSON text with plain `JSON.parse`, whatever the text contains: V8's parser does not
 * recurse (any nesting parses; the generated validators then enforce the depth limit), and
 * it defines a `__proto__` key as an own data property, never as the object's prototype.
 * Nothing parsed reaches a prototype later either: validators copy only the fields a type
 * declares, and records define each key as an own property (`__proto__` included).
 * @throws DecodeError when the text is not JSON.
 */
export function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DecodeError('', `body is not valid JSON: ${errorMessage(err)}`);
  }
}
