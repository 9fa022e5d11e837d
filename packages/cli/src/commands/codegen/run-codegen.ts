import path from 'node:path';
import { ContractErrors, checkGenerated, generate, writeGenerated } from '@warren/codegen';
import { ExitCode } from '../../cli-error.js';
import { assertContractsDir, contractProblems } from '../../contracts/load-contract-set.js';
import { shown, type Project } from '../../contracts/project-options.js';

export interface RunCodegenOptions {
  project: Project;
  check: boolean;
  print: (line: string) => void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Generates (or, with `check`, compares) and prints a summary; returns the exit code.
 * @throws CliError for a missing contracts directory or contract errors.
 */
export function runCodegen(options: RunCodegenOptions): number {
  const { project, print } = options;
  const { contractsDir, outDir } = project;
  assertContractsDir(contractsDir);
  const started = performance.now();
  let result;
  try {
    result = generate({ contractsDir, includePaths: project.includePaths });
  } catch (err) {
    if (err instanceof ContractErrors) throw contractProblems(err, contractsDir, project.includePaths);
    throw err;
  }
  const out = (f: string) => shown(path.join(outDir, f));
  const services = result.contracts.files.flatMap((f) => f.services);
  const methods = services.reduce((n, s) => n + s.methods.length, 0);
  if (options.check) {
    const stale = checkGenerated(outDir, result.files);
    const lines = [
      ...stale.changed.map((f) => `  changed: ${out(f)}`),
      ...stale.missing.map((f) => `  missing: ${out(f)}`),
      ...stale.extra.map((f) => `  no longer generated: ${out(f)}`),
    ];
    if (lines.length > 0) {
      print(`${shown(outDir)} is stale (${plural(lines.length, 'file')}); run "warren codegen" and commit the result:`);
      for (const l of lines) print(l);
      return ExitCode.stale;
    }
    print(`${shown(outDir)} is up to date (${plural(result.files.length, 'file')} from ${shown(contractsDir)})`);
    return ExitCode.ok;
  }
  const report = writeGenerated(outDir, result.files);
  const ms = Math.round(performance.now() - started);
  print(
    `generated ${plural(services.length, 'service')}, ${plural(methods, 'method')} from ` +
      `${plural(result.contracts.files.length, 'contract')} into ${plural(result.files.length, 'file')} in ` +
      `${shown(outDir)} in ${ms} ms`,
  );
  for (const f of report.missing) print(`  created ${out(f)}`);
  for (const f of report.changed) print(`  updated ${out(f)}`);
  for (const f of report.extra) print(`  removed ${out(f)}`);
  if (report.missing.length + report.changed.length + report.extra.length === 0) print('  no changes');
  return ExitCode.ok;
}
