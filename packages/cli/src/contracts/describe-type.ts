import type { ContractFile, TypeRef } from '@warren/codegen';

/**
 * A type reference as the contract writes it: `int64`, `repeated Operand`, `map<string, Item>`,
 * `Date`, `'a' | 'b'`. `local` shortens a type's full name (to the name its own file uses).
 */
export function describeType(ref: TypeRef, local: (fullName: string) => string = (n) => n): string {
  switch (ref.kind) {
    case 'scalar':
      return ref.scalar;
    case 'message':
    case 'enum':
    case 'alias':
      return local(ref.name);
    case 'wellKnown':
      return ref.name;
    case 'list':
      return `repeated ${describeType(ref.element, local)}`;
    case 'map':
      return `map<${ref.key}, ${describeType(ref.value, local)}>`;
    case 'date':
      return 'Date';
    case 'literal':
      return JSON.stringify(ref.value);
    case 'union':
      return ref.variants.map((v) => describeType(v, local)).join(' | ');
    case 'nullable':
      return `${describeType(ref.inner, local)} | null`;
  }
}

/**
 * Shortens full names for display beside `file`: a type declared in the file by the name the
 * file gives it, a type of the same proto package without the package, others in full.
 */
export function localNames(file: ContractFile): (fullName: string) => string {
  const own = new Map(file.types.map((t) => [t.fullName, t.tsName.replace(/_/g, '.')] as const));
  return (name) =>
    own.get(name) ?? (file.package && name.startsWith(`${file.package}.`) ? name.slice(file.package.length + 1) : name);
}
