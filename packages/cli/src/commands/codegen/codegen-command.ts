import type { CommandModule } from 'yargs';
import { CliError } from '../../cli-error.js';
import { resolveProject, withProjectOptions, type ProjectArgs } from '../../contracts/project-options.js';

interface CodegenArgs extends ProjectArgs {
  out?: string | undefined;
  check: boolean;
  watch: boolean;
}

/** `warren codegen`: contracts in, typed TypeScript out. */
export function codegenCommand(setExit: (code: number) => void): CommandModule<object, CodegenArgs> {
  return {
    command: 'codegen',
    describe: 'Generate typed clients, servers and codecs from the contracts',
    builder: (y) =>
      withProjectOptions(y)
        .option('out', { type: 'string', describe: 'Directory the generated modules go to [default: "generated", or warren.config.json]' })
        .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 2 and list the stale files when the output is stale' })
        .option('watch', { type: 'boolean', default: false, describe: 'Regenerate on every save until Ctrl-C; contract errors are printed, not fatal' })
        .example('$0 codegen', 'Generate from ./contracts into ./generated')
        .example('$0 codegen --check', 'Fail (exit 2) when generated/ does not match the contracts (CI)')
        .example('$0 codegen --watch', 'Regenerate whenever a contract is saved')
        .example('$0 codegen --contracts api --out src/gen', 'Other directories') as never,
    handler: async (args) => {
      if (args.check && args.watch) throw new CliError('--check and --watch do not go together: --check compares once and exits');
      const project = resolveProject(args);
      const print = (line: string) => process.stdout.write(`${line}\n`);
      if (args.watch) {
        const { watchCodegen } = await import('./watch-codegen.js');
        setExit(await watchCodegen({ project, print, printError: (line) => process.stderr.write(`${line}\n`) }));
        return;
      }
      const { runCodegen } = await import('./run-codegen.js');
      setExit(runCodegen({ project, check: args.check, print }));
    },
  };
}
