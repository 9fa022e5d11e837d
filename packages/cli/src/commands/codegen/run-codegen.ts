import { existsSync } from 'node:fs';
import path from 'node:path';
import { ContractErrors, checkGenerated, generate, writeGenerated } from '@warren/codegen';
import { CliError, ExitCode } from '../../cli-error.js';

export interface RunCodegenOptions {
  contractsDir: string;
  outDir: string;
  check: boolean;
  print: (line: string) => void;
}

/** Generates (or checks) and prints a summary; returns the exit code. */
export function runCodegen(options: RunCodegenOptions): number {
  const { contractsDir, outDir, print } = options;
  if (!existsSync(contractsDir)) {
    throw new CliError(
      `no contracts directory at ${contractsDir}\n` +
        `Expected a directory of .proto or .ts contracts, for example contracts/calculator.proto.\n` +
        `Pass another with --contracts DIR.`,
    );
  }
  const started = performance.now();
  let result;
  try {
    result = generate({ contractsDir });
  } catch (err) {
    if (err instanceof ContractErrors) {
      throw new CliError(`${err.errors.length} problem(s) in the contracts:\n${err.message}`);
    }
    throw err;
  }
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  const services = result.contracts.files.flatMap((f) => f.services);
  const methods = services.reduce((n, s) => n + s.methods.length, 0);
  if (options.check) {
    const stale = checkGenerated(outDir, result.files);
    const lines = [
      ...stale.changed.map((f) => `  changed: ${rel(path.join(outDir, f))}`),
      ...stale.missing.map((f) => `  missing: ${rel(path.join(outDir, f))}`),
      ...stale.extra.map((f) => `  no longer generated: ${rel(path.join(outDir, f))}`),
    ];
    if (lines.length > 0) {
      print(`${rel(outDir)} is stale; run "npm run codegen" and commit the result:`);
      for (const l of lines) print(l);
      return ExitCode.stale;
    }
    print(`${rel(outDir)} is up to date (${result.files.length} files from ${rel(contractsDir)})`);
    return ExitCode.ok;
  }
  const report = writeGenerated(outDir, result.files);
  const ms = Math.round(performance.now() - started);
  const touched = report.changed.length + report.missing.length;
  print(
    `generated ${services.length} service(s), ${methods} method(s) into ${result.files.length} file(s) in ${rel(outDir)} ` +
      `(${touched} written, ${report.extra.length} removed) in ${ms} ms`,
  );
  return ExitCode.ok;
}
