import type { ContractFile } from '../../ir/contract.js';
import path from 'node:path';
import { ContractError, ContractErrors, inReadingOrder } from '../../ir/contract-error.js';
import { loadProtoSet } from './load-proto-set.js';
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
  const { errors, ...loaded } = loadProtoSet(contractsDir, files, includePaths);
  const imported = loaded.root.files
    .filter((absolute) => path.isAbsolute(absolute))
    .map((absolute) => loaded.relative(absolute))
    .filter((rel) => !files.includes(rel) && loaded.locators.has(rel))
    .filter((rel) => rel !== 'warren/options.proto' && !rel.startsWith('google/protobuf/') && !rel.includes('node_modules'));
  // Files with syntax errors were not read: they have no declarations to convert.
  const readable = [...files, ...[...new Set(imported)].sort()].filter((file) => !loaded.broken.has(file));
  const result = readable.map((file) => protoFileToIr(loaded, file, errors));
  if (errors.length > 0) throw new ContractErrors(inReadingOrder(errors, files));
  return result;
}
