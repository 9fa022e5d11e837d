import type { ContractFile } from '../../ir/contract.js';
import { ContractError, ContractErrors } from '../../ir/contract-error.js';
import { checkRuntimeNames } from './check-runtime-names.js';
import { loadProtoRoot } from './load-proto-root.js';
import { protoFileToIr } from './proto-to-ir.js';

/**
 * Parses .proto contracts (paths relative to `contractsDir`) into IR files, one per input,
 * plus one per file they import from an include path (its types are needed by the
 * generated code). warren/options.proto and google/protobuf/* are not emitted.
 * @throws ContractErrors listing every problem with file:line:column.
 */
export function parseProtoContracts(
  contractsDir: string,
  files: readonly string[],
  includePaths: readonly string[] = [],
): ContractFile[] {
  if (files.length === 0) return [];
  const loaded = loadProtoRoot(contractsDir, files, includePaths);
  const imported = loaded.root.files
    .map((absolute) => loaded.relative(absolute))
    .filter((rel) => !files.includes(rel) && loaded.locators.has(rel))
    .filter((rel) => rel !== 'warren/options.proto' && !rel.startsWith('google/protobuf/') && !rel.includes('node_modules'));
  const errors: ContractError[] = [];
  const result = [...files, ...[...new Set(imported)].sort()].map((file) => protoFileToIr(loaded, file, errors));
  checkRuntimeNames(result, errors);
  if (errors.length > 0) throw new ContractErrors(errors);
  return result;
}
