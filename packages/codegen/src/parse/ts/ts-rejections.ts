/**
 * What a TypeScript contract may not contain, and what to write instead. Each message names
 * the type as written, says why it cannot cross the wire and suggests the supported form.
 */

/** `` `text` (where) is not supported: why. Write instead. `` */
export function unsupported(text: string, where: string, why: string, instead: string): string {
  return `\`${shorten(text)}\` (${where}) is not supported: ${why}. Write ${instead}.`;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** Known global types that are rejected, with why and what to write instead. */
export const REJECTED_GLOBALS: Readonly<Record<string, readonly [why: string, instead: string]>> = {
  Map: ['a Map does not survive JSON', '`Record<string, V>` instead'],
  ReadonlyMap: ['a Map does not survive JSON', '`Record<string, V>` instead'],
  WeakMap: ['a WeakMap does not survive JSON', '`Record<string, V>` instead'],
  Set: ['a Set does not survive JSON', 'an array `T[]` instead'],
  ReadonlySet: ['a Set does not survive JSON', 'an array `readonly T[]` instead'],
  WeakSet: ['a WeakSet does not survive JSON', 'an array `T[]` instead'],
  Promise: ['a Promise is only allowed as the return type of a service method', 'the resolved type instead'],
  Function: ['functions cannot be sent', 'the data the function would work on (an interface) instead'],
  Object: ['`Object` says nothing about the fields', 'an interface naming each field instead'],
  Buffer: ['Buffer is Node-specific', '`Uint8Array` instead (it is base64 in JSON)'],
  ArrayBuffer: ['an ArrayBuffer is not a typed view', '`Uint8Array` instead (it is base64 in JSON)'],
  RegExp: ['a RegExp does not survive JSON', 'a `string` holding the pattern instead'],
  Error: ['an Error does not survive JSON', 'an interface with `code` and `message` fields instead'],
};

export const ANY = ['`any` turns validation off', 'the concrete type, e.g. `string` or an interface, instead'] as const;
export const UNKNOWN = ['`unknown` cannot be validated', 'the concrete type, e.g. `string` or an interface, instead'] as const;
export const FUNCTION = [
  'functions cannot be sent over the wire',
  'a data field instead (e.g. a string naming the action), or make it a method of a service interface',
] as const;
export const CLASS = [
  'class instances lose their prototype and methods in JSON',
  'an interface with the data fields of the class instead',
] as const;
export const GENERIC = [
  'generic types cannot be validated by generated code',
  'a concrete interface for each use instead (e.g. `interface UserPage { items: User[] }`)',
] as const;
export const TUPLE = ['tuples are not supported', 'an array `T[]` or an interface with named fields instead'] as const;
export const OTHER = [
  'only the types listed in docs/contracts.md (TypeScript-interface contracts) are supported',
  'an interface, a type alias, an enum, a primitive, `T[]` or `Record<string, T>` instead',
] as const;
