import type { ServiceDecl, TypeDecl } from './contract.js';
import { ContractError } from './contract-error.js';
import { serviceNames } from './names.js';

/**
 * The JavaScript globals generated code names (`throw new Error(...)`, `Promise<Reply>`,
 * `Object.entries`): a module-level type of the same name would shadow them, and unlike a
 * runtime import a global cannot be aliased.
 */
const GLOBALS_USED = new Set(['BigInt', 'Date', 'Error', 'Object', 'Promise', 'Record', 'String', 'Uint8Array']);

/**
 * Generated names must be unique in the module: `Outer_Inner` may clash with a top-level
 * `Outer_Inner`, a type `UserClient` with the client of service `User`; and no type may take
 * the name of a global the generated code uses.
 */
export function checkGeneratedNames(types: readonly TypeDecl[], services: readonly ServiceDecl[], errors: ContractError[]): void {
  const taken = new Map<string, string>();
  const claim = (name: string, by: string, at: ContractError['location']) => {
    const other = taken.get(name);
    if (other) errors.push(new ContractError(at, `${by} generates the TypeScript name ${name}, as ${other} does: rename one of them`));
    else taken.set(name, by);
  };
  for (const t of types) {
    if (GLOBALS_USED.has(t.tsName)) {
      errors.push(new ContractError(t.location, `${t.fullName} would be generated as ${t.tsName}, hiding JavaScript's own ${t.tsName} from the generated code: rename it (for example ${t.tsName}Info)`));
    }
    claim(t.tsName, t.fullName, t.location);
  }
  for (const s of services) for (const name of Object.values(serviceNames(s.tsName))) claim(name, s.fullName, s.location);
}
