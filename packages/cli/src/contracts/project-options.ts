import path from 'node:path';
import type { Argv } from 'yargs';
import { loadConfig } from '../config/load-config.js';

/** The flags every contract-reading command shares. */
export interface ProjectArgs {
  config?: string | undefined;
  contracts?: string | undefined;
  include?: string[] | undefined;
}

/** Where the contracts are, after flags override warren.config.json and defaults fill the rest. */
export interface Project {
  readonly contractsDir: string;
  readonly outDir: string;
  readonly includePaths: readonly string[];
  readonly configFile?: string | undefined;
}

/** Adds --config, --contracts and --include to a command. */
export function withProjectOptions<T>(y: Argv<T>): Argv<T & ProjectArgs> {
  return y
    .option('contracts', {
      type: 'string',
      describe: 'Directory holding .proto and .ts contracts [default: "contracts", or warren.config.json]',
    })
    .option('include', {
      type: 'string',
      array: true,
      describe: 'Extra root for .proto imports (repeatable) [default: warren.config.json "include"]',
    })
    .option('config', {
      type: 'string',
      describe: 'Config file [default: ./warren.config.json when it exists]',
    }) as unknown as Argv<T & ProjectArgs>;
}

/** Resolves flags over the config file over defaults, relative to `cwd`. */
export function resolveProject(args: ProjectArgs & { out?: string | undefined }, cwd = process.cwd()): Project {
  const config = loadConfig(cwd, args.config);
  return {
    contractsDir: args.contracts ? path.resolve(cwd, args.contracts) : (config.contracts ?? path.resolve(cwd, 'contracts')),
    outDir: args.out ? path.resolve(cwd, args.out) : (config.out ?? path.resolve(cwd, 'generated')),
    includePaths: args.include?.length ? args.include.map((p) => path.resolve(cwd, p)) : (config.include ?? []),
    configFile: config.file,
  };
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function shown(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
}
