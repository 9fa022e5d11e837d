import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ContractErrors, parseContracts, type ContractSet } from '@warren/codegen';
import { CliError } from '../cli-error.js';
import { shown } from './project-options.js';

/**
 * Parses every contract under `contractsDir` into the IR. A missing directory and contract
 * errors become a {@link CliError} listing each problem as file:line:column.
 */
export function loadContractSet(contractsDir: string, includePaths: readonly string[] = []): ContractSet {
  assertContractsDir(contractsDir);
  try {
    return parseContracts({ contractsDir, includePaths });
  } catch (err) {
    if (err instanceof ContractErrors) throw contractProblems(err, contractsDir, includePaths);
    throw err;
  }
}

/** Throws a CliError unless `dir` is a directory. */
export function assertContractsDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(
      `no contracts directory at ${shown(dir)}\n` +
        `Expected a directory of .proto or .ts contracts, for example contracts/calculator.proto.\n` +
        `Pass another with --contracts DIR, or set "contracts" in warren.config.json.`,
    );
  }
}

/**
 * Contract errors as one CliError, each line `file:line:column: problem` with the file relative
 * to the working directory (contract paths are relative to the root they were found under).
 */
export function contractProblems(err: ContractErrors, contractsDir: string, includePaths: readonly string[] = []): CliError {
  const lines = err.errors.map((e) => {
    const root = [contractsDir, ...includePaths].find((r) => existsSync(path.join(r, e.location.file))) ?? contractsDir;
    return `${shown(path.join(root, e.location.file))}:${e.location.line}:${e.location.column}: ${e.problem}`;
  });
  return new CliError(`${err.errors.length} problem(s) in the contracts:\n${lines.join('\n')}`);
}
