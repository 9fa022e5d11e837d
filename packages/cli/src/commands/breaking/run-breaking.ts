import path from 'node:path';
import { ContractErrors, formatLocation, parseContracts, type ContractSet } from '@warren/codegen';
import { CliError, ExitCode } from '../../cli-error.js';
import { loadContractSet } from '../../contracts/load-contract-set.js';
import { shown, type Project } from '../../contracts/project-options.js';
import { findBreakingChanges } from './find-breaking-changes.js';
import { loadBaseline } from './load-baseline.js';

export interface RunBreakingOptions {
  project: Project;
  against: string;
  json: boolean;
  print: (line: string) => void;
}

/** Compares the contracts with an earlier version; exit 3 when anything breaks on the wire. */
export function runBreaking(options: RunBreakingOptions): number {
  const { project, print } = options;
  const after = loadContractSet(project.contractsDir, project.includePaths);
  const baseline = loadBaseline(options.against, project.contractsDir);
  try {
    const before = baseline.empty ? { files: [] } : parseBaseline(baseline.dir, project.includePaths, options.against);
    const changes = findBreakingChanges(before, after);
    const where = (loc: Parameters<typeof formatLocation>[0], inBaseline: boolean) =>
      inBaseline
        ? `${shown(path.join(project.contractsDir, formatLocation(loc)))} (in ${options.against})`
        : shown(path.join(project.contractsDir, formatLocation(loc)));
    if (options.json) {
      print(JSON.stringify(changes.map((c) => ({ ...c, at: where(c.location, c.inBaseline) })), null, 2));
    } else {
      for (const c of changes) print(`${where(c.location, c.inBaseline)}: ${c.message} [${c.rule}]`);
      const services = after.files.reduce((n, f) => n + f.services.length, 0);
      if (changes.length > 0) {
        print(`${changes.length} breaking change(s) against ${baseline.label}`);
      } else {
        print(`no breaking changes against ${baseline.label} (${services} service(s) compared${baseline.empty ? '; it has no contracts' : ''})`);
      }
    }
    return changes.length > 0 ? ExitCode.breaking : ExitCode.ok;
  } finally {
    baseline.cleanup();
  }
}

function parseBaseline(dir: string, includePaths: readonly string[], against: string): ContractSet {
  try {
    return parseContracts({ contractsDir: dir, includePaths });
  } catch (err) {
    if (err instanceof ContractErrors) {
      throw new CliError(`the earlier contracts (${against}) do not parse, so there is nothing to compare with:\n${err.message}`);
    }
    throw err;
  }
}
