import type { ContractFile } from '../ir/contract.js';
import type { TypeRef } from '../ir/type-ref.js';
import { isRuntimeName } from './runtime-names.js';
import type { TypeIndex } from './type-index.js';

/**
 * Local names for the types a module imports from other contract files, where the type's own
 * name is taken: by a type this file declares, by another imported type of the same name
 * (`a.Money` and `b.Money`), or by a runtime import (a superset of those: an extra alias is
 * only a longer name). Every contender that is imported gets an
 * alias made from its fully qualified name (`b.Money` -> `b_Money`), so the choice does not
 * depend on which one the emitters meet first. Types not in the map keep their own names.
 * `bound` is every name the module binds for a contract type, its own or imported.
 */
export function importAliases(file: ContractFile, index: TypeIndex): { aliases: Map<string, string>; bound: Set<string> } {
  const local = new Set(file.types.map((t) => t.tsName));
  const imported = new Map<string, Set<string>>(); // tsName -> fully qualified names imported under it
  const visit = (ref: TypeRef): void => {
    switch (ref.kind) {
      case 'message':
      case 'enum':
      case 'alias': {
        const { decl, file: owner } = index.get(ref.name);
        if (owner.path === file.path) return;
        let names = imported.get(decl.tsName);
        if (!names) imported.set(decl.tsName, (names = new Set()));
        names.add(ref.name);
        return;
      }
      case 'list':
        return visit(ref.element);
      case 'map':
        return visit(ref.value);
      case 'union':
        return ref.variants.forEach(visit);
      case 'nullable':
        return visit(ref.inner);
      default:
        return;
    }
  };
  for (const decl of file.types) {
    if (decl.kind === 'message') decl.fields.forEach((f) => visit(f.type));
    else if (decl.kind === 'alias') visit(decl.type);
  }
  for (const s of file.services) for (const m of s.methods) [m.request, m.response].forEach(visit);

  const aliases = new Map<string, string>();
  const taken = new Set([...local, ...imported.keys()]);

  for (const [tsName, fullNames] of [...imported].sort(([a], [b]) => a.localeCompare(b))) {
    if (fullNames.size === 1 && !local.has(tsName) && !isRuntimeName(tsName)) continue;
    for (const fullName of [...fullNames].sort()) {
      let alias = fullName.replace(/[^A-Za-z0-9_$]/g, '_');
      for (let n = 2; taken.has(alias) || isRuntimeName(alias); n++) alias = `${fullName.replace(/[^A-Za-z0-9_$]/g, '_')}_${n}`;
      taken.add(alias);
      aliases.set(fullName, alias);
    }
  }
  const unaliased = [...imported].filter(([, fullNames]) => [...fullNames].some((n) => !aliases.has(n))).map(([tsName]) => tsName);
  return { aliases, bound: new Set([...local, ...unaliased, ...aliases.values()]) };
}
