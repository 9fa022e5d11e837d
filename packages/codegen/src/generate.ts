import type { ContractFile, ContractSet } from './ir/contract.js';
import { ContractError, ContractErrors } from './ir/contract-error.js';
import { emitFile } from './emit/emit-file.js';
import { generatedPath } from './emit/emit-context.js';
import { TypeIndex } from './emit/type-index.js';
import { findContracts } from './find-contracts.js';
import { parseProtoContracts } from './parse/proto/parse-proto-contracts.js';
import { parseTsContracts } from './parse/ts/parse-ts-contracts.js';

/** Options for {@link generate}. */
export interface GenerateOptions {
  /** The contracts root: every `.proto` and `.ts` below it is a contract. */
  contractsDir: string;
  /** Extra roots .proto imports resolve against. */
  includePaths?: readonly string[];
}

/** One generated module, path relative to the output directory. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** What {@link generate} produced. */
export interface GenerateResult {
  readonly contracts: ContractSet;
  readonly files: readonly GeneratedFile[];
}

/**
 * Parses every contract under `contractsDir` into the IR and emits one module per contract
 * file. Pure: writes nothing (see writeGenerated / checkGenerated).
 * @throws ContractErrors when any contract has problems, listing all of them.
 */
export function generate(options: GenerateOptions): GenerateResult {
  const contracts = parseContracts(options);
  const index = new TypeIndex(contracts);
  const files = contracts.files
    .filter((f) => f.types.length > 0 || f.services.length > 0)
    .map((f) => ({ path: generatedPath(f.path), content: emitFile(f, index) }));
  return { contracts, files };
}

/** Parses the contracts into the IR without emitting (for `warren list` and `warren breaking`). */
export function parseContracts(options: GenerateOptions): ContractSet {
  const found = findContracts(options.contractsDir);
  const files: ContractFile[] = [...parseProtoContracts(options.contractsDir, found.proto, options.includePaths)];
  files.push(...parseTsContracts(options.contractsDir, found.ts));
  const taken = new Map<string, string>();
  for (const f of files) {
    const out = generatedPath(f.path);
    const other = taken.get(out);
    if (other) {
      throw new ContractErrors([
        new ContractError({ file: f.path, line: 1, column: 1 }, `generates ${out}, as ${other} does: rename one of them`),
      ]);
    }
    taken.set(out, f.path);
  }
  return { files };
}
