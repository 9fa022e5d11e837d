import type { ContractFile, ContractSet, TypeDecl } from '../ir/contract.js';

/** Finds any declared type of the contract set by fully qualified name, with its file. */
export class TypeIndex {
  readonly #types = new Map<string, { decl: TypeDecl; file: ContractFile }>();

  constructor(set: ContractSet) {
    for (const file of set.files) for (const decl of file.types) this.#types.set(decl.fullName, { decl, file });
  }

  get(fullName: string): { decl: TypeDecl; file: ContractFile } {
    const found = this.#types.get(fullName);
    if (!found) throw new Error(`internal: type ${fullName} is not in the contract set`);
    return found;
  }
}
