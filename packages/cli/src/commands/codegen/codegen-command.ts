import path from 'node:path';
import type { CommandModule } from 'yargs';
import { runCodegen } from './run-codegen.js';

interface CodegenArgs {
  contracts: string;
  out: string;
  check: boolean;
}

/** `warren codegen`: contracts in, typed TypeScript out. */
export function codegenCommand(setExit: (code: number) => void): CommandModule<object, CodegenArgs> {
  return {
    command: 'codegen',
    describe: 'Generate typed clients, servers and codecs from the contracts',
    builder: (y) =>
      y
        .option('contracts', { type: 'string', default: 'contracts', describe: 'Directory holding .proto and .ts contracts' })
        .option('out', { type: 'string', default: 'generated', describe: 'Directory the generated modules go to' })
        .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 2 when the output is stale' })
        .example('$0 codegen', 'Generate from ./contracts into ./generated')
        .example('$0 codegen --check', 'Fail (exit 2) when generated/ does not match the contracts'),
    handler: (args) => {
      setExit(
        runCodegen({
          contractsDir: path.resolve(args.contracts),
          outDir: path.resolve(args.out),
          check: args.check,
          print: (line) => process.stdout.write(`${line}\n`),
        }),
      );
    },
  };
}
