import type { ServiceDecl, TypeDecl } from './contract.js';
import { ContractError } from './contract-error.js';
import { serviceNames } from './names.js';

/**
 * Generated names must be unique in the module: `Outer_Inner` may clash with a top-level
 * `Outer_Inner`, a type `UserClient` with the client of service `User`.
 */
export function checkGeneratedNames(types: readonly TypeDecl[], services: readonly ServiceDecl[], errors: ContractError[]): void {
  const taken = new Map<string, string>();
  const claim = (name: string, by: string, at: ContractError['location']) => {
    const other = taken.get(name);
    if (other) errors.push(new ContractError(at, `${by} generates the TypeScript name ${name}, as ${other} does: rename one of them`));
    else taken.set(name, by);
  };
  for (const t of types) claim(t.tsName, t.fullName, t.location);
  for (const s of services) for (const name of Object.values(serviceNames(s.tsName))) claim(name, s.fullName, s.location);
}
