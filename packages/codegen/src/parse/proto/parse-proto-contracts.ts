import type { ContractFile } from '../../ir/contract.js';
import { ContractError, ContractErrors } from '../../ir/contract-error.js';
import { loadProtoRoot } from './load-proto-root.js';
import { protoFileToIr } from './proto-to-ir.js';

/**
 * Parses .proto contracts (paths relative to `contractsDir`) into IR files, one per input.
 * @throws ContractErrors listing every problem with file:line:column.
 */
export function parseProtoContracts(
  contractsDir: string,
  files: readonly string[],
  includePaths: readonly string[] = [],
): ContractFile[] {
  if (files.length === 0) return [];
  const loaded = loadProtoRoot(contractsDir, files, includePaths);
  const errors: ContractError[] = [];
  const result = files.map((file) => protoFileToIr(loaded, file, errors));
  if (errors.length > 0) throw new ContractErrors(errors);
  return result;
}
