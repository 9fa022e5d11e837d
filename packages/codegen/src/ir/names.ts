/** Naming rules shared by parsers and emitters, so both sides agree on every identifier. */

/** `user_id` -> `userId`, `Calculate` -> `calculate` (protobuf's JSON name rule, first letter lowered). */
export function lowerCamel(name: string): string {
  const camel = name.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await')
    .split(' '),
);

/** True when `name` cannot be a TypeScript binding name as it is. */
export function isReservedWord(name: string): boolean {
  return RESERVED.has(name);
}
