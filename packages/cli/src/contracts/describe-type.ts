import type { TypeRef } from '@warren/codegen';

/**
 * A type reference as the contract writes it: `int64`, `repeated Operand`, `map<string, Item>`,
 * `Date`, `'a' | 'b'`. Names in `pkg` are shown without the package.
 */
export function describeType(ref: TypeRef, pkg = ''): string {
  const local = (name: string) => (pkg && name.startsWith(`${pkg}.`) ? name.slice(pkg.length + 1) : name);
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
      return `repeated ${describeType(ref.element, pkg)}`;
    case 'map':
      return `map<${ref.key}, ${describeType(ref.value, pkg)}>`;
    case 'date':
      return 'Date';
    case 'literal':
      return JSON.stringify(ref.value);
    case 'union':
      return ref.variants.map((v) => describeType(v, pkg)).join(' | ');
    case 'nullable':
      return `${describeType(ref.inner, pkg)} | null`;
  }
}
