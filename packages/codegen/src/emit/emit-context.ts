import path from 'node:path';
import type { ContractFile } from '../ir/contract.js';
import { importAliases } from './import-aliases.js';
import { ImportCollector } from './import-collector.js';
import type { TypeIndex } from './type-index.js';

/** The module generated code imports the runtime from. */
export const RUNTIME = '@warren/runtime';

/** What an emitter needs while writing one generated module. */
export class EmitContext {
  readonly imports = new ImportCollector();
  /** Local names of imported types whose own name is taken in this module. */
  readonly #aliases: Map<string, string>;

  constructor(
    readonly file: ContractFile,
    readonly index: TypeIndex,
  ) {
    this.#aliases = importAliases(file, index);
  }

  /** A runtime value import. */
  rt(name: string): string {
    return this.imports.value(RUNTIME, name);
  }

  /** A runtime type import. */
  rtType(name: string): string {
    return this.imports.type(RUNTIME, name);
  }

  /** The name a declared type has in this module (its alias, if imported under one), without importing it. */
  localName(fullName: string): string {
    return this.#aliases.get(fullName) ?? this.index.get(fullName).decl.tsName;
  }

  /**
   * The TypeScript name of a declared type, importing it when another contract file declares
   * it (under an alias when its name is taken here, see {@link importAliases}). `asValue`
   * imports the binding as a value (for codec objects), else type-only.
   */
  ref(fullName: string, asValue = false): string {
    const { decl, file } = this.index.get(fullName);
    if (file.path === this.file.path) return decl.tsName;
    const spec = relativeModule(this.file.path, file.path);
    const alias = this.#aliases.get(fullName);
    return asValue ? this.imports.value(spec, decl.tsName, alias) : this.imports.type(spec, decl.tsName, alias);
  }
}

/** The generated module path for a contract path: `billing/invoice.proto` -> `billing/invoice.ts`. */
export function generatedPath(contractPath: string): string {
  return contractPath.replace(/\.(proto|ts)$/, '.ts');
}

function relativeModule(fromContract: string, toContract: string): string {
  const from = path.posix.dirname(generatedPath(fromContract));
  let rel = path.posix.relative(from, generatedPath(toContract)).replace(/\.ts$/, '.js');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}
