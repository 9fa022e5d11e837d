import type { CommandModule } from 'yargs';
import { resolveProject, withProjectOptions, type ProjectArgs } from '../../contracts/project-options.js';

interface ScaffoldArgs extends ProjectArgs {
  service: string;
  out?: string | undefined;
  generated?: string | undefined;
}

/** `warren scaffold <Service>`: the skeleton a service owner fills in. */
export function scaffoldCommand(setExit: (code: number) => void): CommandModule<object, ScaffoldArgs> {
  return {
    command: 'scaffold <service>',
    describe: 'Write a service skeleton: a handler per method, connect, serve, drain on SIGTERM',
    builder: (y) =>
      withProjectOptions(y)
        .positional('service', { type: 'string', demandOption: true, describe: 'Service name (Calculator or calculator.v1.Calculator)' })
        .option('out', { type: 'string', describe: 'File to write [default: src/<service>-service.ts]; never overwritten' })
        .option('generated', { type: 'string', describe: 'Where codegen writes, to import from [default: "generated", or warren.config.json "out"]' })
        .example('$0 scaffold Calculator', 'Write src/calculator-service.ts')
        .example('$0 scaffold calculator.v1.Calculator --out services/calc/main.ts', 'Choose the file') as never,
    handler: async (args) => {
      const { runScaffold } = await import('./run-scaffold.js');
      setExit(
        runScaffold({
          project: resolveProject({ ...args, out: args.generated }),
          service: args.service,
          out: args.out,
          print: (line) => process.stdout.write(`${line}\n`),
        }),
      );
    },
  };
}
