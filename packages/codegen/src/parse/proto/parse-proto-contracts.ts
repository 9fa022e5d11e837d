import type { ContractFile } from '../../ir/contract.js';
import path from 'node:path';
import { ContractError, ContractErrors } from '../../ir/contract-error.js';
import { checkRuntimeNames } from './check-runtime-names.js';
import { loadProtoSet } from './load-proto-root.js';
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
  checkRuntimeNames(result, errors);
  if (errors.length > 0) throw new ContractErrors(inReadingOrder(errors, files));
  return result;
}

/**
 * Errors by file (the run's files first, in their order), then line and column, each once:
 * the checks run in phases, and a compiler's list reads top to bottom.
 */
function inReadingOrder(errors: readonly ContractError[], files: readonly string[]): ContractError[] {
  const rank = (file: string) => {
    const i = files.indexOf(file);
    return i === -1 ? files.length : i;
  };
  const seen = new Set<string>();
  return errors
    .filter((e) => !seen.has(e.message) && seen.add(e.message))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const fa = a.e.location.file;
      const fb = b.e.location.file;
      return rank(fa) - rank(fb) || (fa < fb ? -1 : fa > fb ? 1 : 0) || a.e.location.line - b.e.location.line || a.e.location.column - b.e.location.column || a.i - b.i;
    })
    .map(({ e }) => e);
}
