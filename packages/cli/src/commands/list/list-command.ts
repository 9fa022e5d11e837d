import type { CommandModule } from 'yargs';
import { resolveProject, withProjectOptions, type ProjectArgs } from '../../contracts/project-options.js';

interface ListArgs extends ProjectArgs {
  service?: string | undefined;
  json: boolean;
}

/** `warren list`: the services the contracts declare. */
export function listCommand(setExit: (code: number) => void): CommandModule<object, ListArgs> {
  return {
    command: 'list [service]',
    describe: 'List every service with its queue, methods, types, timeouts and idempotency',
    builder: (y) =>
      withProjectOptions(y)
        .positional('service', { type: 'string', describe: 'Only this service (Calculator or calculator.v1.Calculator)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
        .example('$0 list', 'Every service in ./contracts')
        .example('$0 list Calculator', 'One service')
        .example('$0 list --json | jq ".[].queue"', 'Machine-readable output') as never,
    handler: async (args) => {
      const { runList } = await import('./run-list.js');
      setExit(
        runList({
          project: resolveProject(args),
          service: args.service,
          json: args.json,
          print: (line) => process.stdout.write(`${line}\n`),
        }),
      );
    },
  };
}
