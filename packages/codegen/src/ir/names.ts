/** Naming rules shared by parsers, emitters and the CLI, so every side agrees on each identifier. */

/** `user_id` -> `userId`, `Calculate` -> `calculate` (protobuf's JSON name rule, first letter lowered). */
export function lowerCamel(name: string): string {
  return lowerFirst(name.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()));
}

/**
 * protoc's JSON name of a field: underscores dropped, the letter after each upper-cased,
 * nothing else changed (`unit_price` -> `unitPrice`, `Foo_bar` -> `FooBar`). Unlike
 * {@link lowerCamel} it keeps a leading capital, as protoc and every ProtoJSON peer do.
 */
export function protoJsonName(name: string): string {
  return name.replace(/_+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''));
}

/** `shipping_address` / `shippingAddress` / `shipping-address` -> `ShippingAddress`, for names of inline types. */
export function pascal(name: string): string {
  return upperFirst(name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : '')));
}

/** `getUser` -> `GetUser`. */
export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `Calculator` -> `calculator`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `OrderBook` -> `order-book`, for file names. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

/** The top-level names a generated module declares for a service whose TypeScript name is `tsName`. */
export interface ServiceNames {
  /** The runtime descriptor, `CalculatorService`. */
  readonly descriptor: string;
  /** The typed client class, `CalculatorClient`. */
  readonly client: string;
  /** The handler interface, `CalculatorHandlers`. */
  readonly handlers: string;
  /** The function that serves it, `serveCalculator`. */
  readonly serve: string;
}

/** The names generated for service `tsName` (see {@link ServiceNames}). */
export function serviceNames(tsName: string): ServiceNames {
  return { descriptor: `${tsName}Service`, client: `${tsName}Client`, handlers: `${tsName}Handlers`, serve: `serve${tsName}` };
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
