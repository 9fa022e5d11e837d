import type { CommandModule } from 'yargs';
import { resolveProject, withProjectOptions, type ProjectArgs } from '../../contracts/project-options.js';

interface CallArgs extends ProjectArgs {
  method: string;
  json?: string | undefined;
  url?: string | undefined;
  timeout?: string | undefined;
  header?: string[] | undefined;
  queue?: string | undefined;
  verbose: boolean;
}

/** `warren call`: grpcurl for warren services. */
export function callCommand(setExit: (code: number) => void): CommandModule<object, CallArgs> {
  return {
    command: 'call <method> [json]',
    describe: 'Call a method over RabbitMQ with a JSON request and print the reply as JSON',
    builder: (y) =>
      withProjectOptions(y)
        .positional('method', { type: 'string', demandOption: true, describe: 'Service.Method or package.Service/Method' })
        .positional('json', { type: 'string', describe: 'The request as JSON (proto3 JSON for .proto contracts); @file reads a file, @- reads stdin [default: {}]' })
        .option('url', { type: 'string', describe: 'Broker URL(s), comma-separated [default: $AMQP_URL, else amqp://localhost]' })
        .option('timeout', { type: 'string', describe: 'Deadline: 500ms, 5s, 1m, or a bare number of ms [default: the contract\'s, else 10s]' })
        .option('header', { type: 'string', array: true, describe: 'Request header key=value (repeatable)' })
        .option('queue', { type: 'string', describe: 'Send to this queue instead of the contract\'s (per-environment prefixes, tests)' })
        .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Print where the call goes and how long it took, to stderr' })
        .example(`$0 call Calculator.Calculate '{"n": "21"}'`, 'Call and print the reply')
        .example(`$0 call calculator.v1.Calculator/Evaluate '{"operation": "OPERATION_ADD", "operands": [{"value": 1}, {"value": 2}]}'`, 'grpcurl-style name, enum by name')
        .example(`$0 call Calculator.Calculate @req.json --url amqp://user:pass@rabbit:5672 --timeout 2s`, 'Request from a file, another broker')
        .example(`echo '{"n": 1}' | $0 call Calculator.Calculate @- --header traceparent=00-...-01`, 'Request from stdin, with a header')
        .epilogue('Exit codes: 0 OK; 1 usage or contract error (nothing was sent); 11-26 the call failed: 10 + the gRPC number of its code (13 INVALID_ARGUMENT, 14 DEADLINE_EXCEEDED, 22 UNIMPLEMENTED, 24 UNAVAILABLE, ...); see docs/cli.md.') as never,
    handler: async (args) => {
      const { runCall } = await import('./run-call.js');
      setExit(
        await runCall({
          project: resolveProject(args),
          method: args.method,
          body: args.json,
          url: args.url ?? process.env['AMQP_URL'] ?? 'amqp://localhost',
          timeout: args.timeout,
          headers: args.header ?? [],
          queue: args.queue,
          verbose: args.verbose,
          print: (line) => process.stdout.write(`${line}\n`),
          printError: (line) => process.stderr.write(`${line}\n`),
        }),
      );
    },
  };
}
