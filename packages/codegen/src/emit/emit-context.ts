import path from 'node:path';
import type { ContractFile } from '../ir/contract.js';
import { serviceNames } from '../ir/names.js';
import { importAliases } from './import-aliases.js';
import { ImportCollector } from './import-collector.js';
import type { TypeIndex } from './type-index.js';

/** The module generated code imports the runtime from. */
export const RUNTIME = '@warren/runtime/codegen';

/** What an emitter needs while writing one generated module. */
export class EmitContext {
  readonly imports = new ImportCollector();
  /** Local names of imported types whose own name is taken in this module. */
  readonly #aliases: Map<string, string>;
  /** Every top-level name the module declares or imports from contract files. */
  readonly #declared: Set<string>;
  /** Local names of runtime imports whose own name the module declares (`warren_RpcClient`). */
  readonly #runtimeAliases = new Map<string, string>();

  constructor(
    readonly file: ContractFile,
    readonly index: TypeIndex,
  ) {
    const { aliases, bound } = importAliases(file, index);
    this.#aliases = aliases;
    this.#declared = new Set([...bound, ...file.services.flatMap((s) => Object.values(serviceNames(s.tsName)))]);
  }

  /** A runtime value import; returns its local name (aliased where the module declares the name itself). */
  rt(name: string): string {
    return this.imports.value(RUNTIME, name, this.#runtimeAlias(name));
  }

  /** A runtime type import; returns its local name. */
  rtType(name: string): string {
    return this.imports.type(RUNTIME, name, this.#runtimeAlias(name));
  }

  /**
   * A contract may name a type like a runtime export (`RpcClient`, `ProtoWriter`); the
   * contract's name is the module's API and stays, so the runtime import yields:
   * `RpcClient as warren_RpcClient`.
   */
  #runtimeAlias(name: string): string | undefined {
    if (!this.#declared.has(name)) return undefined;
    let alias = this.#runtimeAliases.get(name);
    if (alias === undefined) {
      alias = `warren_${name}`;
      for (let n = 2; this.#declared.has(alias); n++) alias = `warren_${name}_${n}`;
      this.#runtimeAliases.set(name, alias);
    }
    return alias;
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
