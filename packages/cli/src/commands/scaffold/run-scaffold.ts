import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { kebab } from '@warren/codegen';
import { CliError, ExitCode } from '../../cli-error.js';
import { findService } from '../../contracts/find-method.js';
import { loadContractSet } from '../../contracts/load-contract-set.js';
import { shown, type Project } from '../../contracts/project-options.js';
import { renderScaffold } from './render-scaffold.js';

export interface RunScaffoldOptions {
  project: Project;
  service: string;
  /** The file to write; default `src/<service>-service.ts`. */
  out?: string | undefined;
  print: (line: string) => void;
}

/** Writes a service skeleton; never overwrites. Returns the exit code. */
export function runScaffold(options: RunScaffoldOptions): number {
  const { project, print } = options;
  const contracts = loadContractSet(project.contractsDir, project.includePaths);
  const { file, service } = findService(contracts, options.service);
  const target = path.resolve(options.out ?? path.join('src', `${kebab(service.tsName)}-service.ts`));
  if (!target.endsWith('.ts')) {
    throw new CliError(`--out must name a .ts file, got "${options.out}"\nFor example: --out src/${kebab(service.tsName)}-service.ts`);
  }
  const outDir = path.resolve(project.outDir);
  if (target === outDir || target.startsWith(outDir + path.sep)) {
    throw new CliError(
      `refusing to write ${shown(target)} inside ${shown(outDir)}: codegen owns that directory and would not keep your code\n` +
        `Pick a path outside it, for example --out src/${kebab(service.tsName)}-service.ts`,
    );
  }
  const generated = path.join(outDir, file.path.replace(/\.(proto|ts)$/, '.ts'));
  let spec = path.relative(path.dirname(target), generated).split(path.sep).join('/').replace(/\.ts$/, '.js');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  const source = renderScaffold({ file, service, generatedModule: spec, selfPath: shown(target) });
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    writeFileSync(target, source, { flag: 'wx' }); // wx: fail rather than overwrite someone's handlers
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CliError(
        `${shown(target)} exists; warren scaffold never overwrites a file\n` +
          `Pass another path with --out FILE, or delete it first if you really mean to start over.`,
      );
    }
    throw err;
  }
  print(`wrote ${shown(target)}: ${service.methods.length} handler(s) for ${service.fullName}, each throwing UNIMPLEMENTED`);
  if (!existsSync(generated)) print(`note: ${shown(generated)} does not exist yet; run "warren codegen" before compiling`);
  print(`next: fill in the handlers, then run it with: node --import tsx ${shown(target)}`);
  return ExitCode.ok;
}
