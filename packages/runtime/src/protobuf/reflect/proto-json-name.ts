/**
 * protoc's JSON name of a field: underscores dropped, the letter after each one upper-cased,
 * nothing else changed (`unit_price` -> `unitPrice`, `Foo_bar` -> `FooBar`, `foo__1` -> `foo1`).
 * The `json_name` option overrides it.
 */
export function protoJsonName(name: string): string {
  let out = '';
  let upper = false;
  for (const c of name) {
    if (c === '_') upper = true;
    else if (upper) {
      out += c.toUpperCase();
      upper = false;
    } else out += c;
  }
  return out;
}
