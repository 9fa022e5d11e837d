import type { CommandModule } from 'yargs';
import { resolveProject, withProjectOptions, type ProjectArgs } from '../../contracts/project-options.js';

interface BreakingArgs extends ProjectArgs {
  against: string;
  json: boolean;
}

/** `warren breaking --against <ref|dir>`: what would break peers on the wire. */
export function breakingCommand(setExit: (code: number) => void): CommandModule<object, BreakingArgs> {
  return {
    command: 'breaking',
    describe: 'List changes since an earlier version that break callers or servers on the wire',
    builder: (y) =>
      withProjectOptions(y)
        .option('against', {
          type: 'string',
          demandOption: 'Name the earlier version: --against main, --against HEAD~1, or --against path/to/old/contracts',
          describe: 'The earlier version: a git ref (its contracts directory is read with git archive) or a directory',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the findings as JSON' })
        .example('$0 breaking --against main', 'Compare with the contracts on main (CI on a pull request)')
        .example('$0 breaking --against v1.4.0', 'Compare with a release tag')
        .example('$0 breaking --against ../old-checkout/contracts', 'Compare with a directory')
        .epilogue('Exit codes: 0 nothing breaks; 3 at least one breaking change; 1 usage or contract error.') as never,
    handler: async (args) => {
      const { runBreaking } = await import('./run-breaking.js');
      setExit(
        runBreaking({
          project: resolveProject(args),
          against: args.against,
          json: args.json,
          print: (line) => process.stdout.write(`${line}\n`),
        }),
      );
    },
  };
}
