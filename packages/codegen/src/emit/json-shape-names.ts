import type { TypeRef } from '../ir/type-ref.js';
import { internal } from './json-codec-support.js';
import { SCALAR_NAME } from './json-scalar-names.js';

/** Names of the shapes the JSON codec emitter writes a helper for, one name per shape in a module. */
export class JsonShapeNames {
  /** Literal unions by their JSON, numbered in the order met: `OneOf1`, `OneOf2`. */
  readonly #unions = new Map<string, string>();
  #count = 0;
  readonly #localName: (fullName: string) => string;

  /** `localName` gives a declared type's name in the module (its import alias, if any). */
  constructor(localName: (fullName: string) => string) {
    this.#localName = localName;
  }

  /** A readable, deterministic, unambiguous (prefix) name for a type's shape: `ListOfNullableString`, `RecordOfUser`, `OneOf2`. */
  of(ref: TypeRef): string {
    switch (ref.kind) {
      case 'scalar':
        return SCALAR_NAME[ref.scalar] ?? internal(ref.scalar);
      case 'date':
        return 'Date';
      case 'message':
      case 'alias':
      case 'enum':
        return this.#localName(ref.name);
      case 'list':
        return `${ref.readonly ? 'Readonly' : ''}ListOf${this.of(ref.element)}`;
      case 'map':
        return `RecordOf${this.of(ref.value)}`;
      case 'nullable':
        return `Nullable${this.of(ref.inner)}`;
      case 'literal':
      case 'union': {
        if (ref.kind === 'union' && ref.discriminator !== undefined) return ref.variants.map((v) => this.of(v)).join('Or');
        const key = JSON.stringify(ref);
        let n = this.#unions.get(key);
        if (!n) this.#unions.set(key, (n = `OneOf${++this.#count}`));
        return n;
      }
      default:
        return internal(ref.kind);
    }
  }
}
