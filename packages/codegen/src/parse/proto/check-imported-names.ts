import type { ContractFile, TypeDecl } from '../../ir/contract.js';
import { ContractError } from '../../ir/contract-error.js';
import type { TypeRef } from '../../ir/type-ref.js';

/**
 * A generated module imports the types it uses from other modules by their TypeScript
 * names, so two types of the same name (`Money` here and `Money` from another package)
 * cannot meet in one module. Reports each such reference at its position.
 */
export function checkImportedNames(files: readonly ContractFile[], errors: ContractError[]): void {
  const index = new Map<string, { decl: TypeDecl; file: string }>();
  for (const f of files) for (const decl of f.types) index.set(decl.fullName, { decl, file: f.path });
  for (const f of files) {
    const names = new Map<string, string>(); // tsName -> fullName holding it in this module
    for (const decl of f.types) names.set(decl.tsName, decl.fullName);
    const use = (ref: TypeRef, at: ContractError['location']) => {
      for (const name of referencedNames(ref)) {
        const found = index.get(name);
        if (!found || found.file === f.path) continue;
        const holder = names.get(found.decl.tsName);
        if (holder === undefined) names.set(found.decl.tsName, name);
        else if (holder !== name) {
          errors.push(
            new ContractError(
              at,
              `${name} (from ${found.file}) and ${holder} are both named ${found.decl.tsName} in TypeScript, ` +
                `so the module generated for ${f.path} cannot use both: rename one of them`,
            ),
          );
        }
      }
    };
    for (const decl of f.types) if (decl.kind === 'message') for (const field of decl.fields) use(field.type, field.location);
    for (const s of f.services) {
      for (const m of s.methods) {
        use(m.request, m.location);
        use(m.response, m.location);
      }
    }
  }
}

function referencedNames(ref: TypeRef): string[] {
  switch (ref.kind) {
    case 'message':
    case 'enum':
      return [ref.name];
    case 'list':
      return referencedNames(ref.element);
    case 'map':
      return referencedNames(ref.value);
    default:
      return [];
  }
}
