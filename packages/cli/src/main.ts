import yargs from 'yargs';
import { breakingCommand } from './commands/breaking/breaking-command.js';
import { callCommand } from './commands/call/call-command.js';
import { codegenCommand } from './commands/codegen/codegen-command.js';
import { listCommand } from './commands/list/list-command.js';
import { scaffoldCommand } from './commands/scaffold/scaffold-command.js';
import { CliError, ExitCode } from './cli-error.js';

/**
 * Runs the `warren` command with `argv` (without node and script) and resolves with the
 * process exit code. Errors are printed here; nothing throws out of it.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const setExit = (code: number) => (exitCode = code);
  const cli = yargs([...argv])
    .scriptName('warren')
    .usage('$0 <command> [options]\n\nTyped RPC between services over RabbitMQ.')
    .command(codegenCommand(setExit))
    .command(scaffoldCommand(setExit))
    .command(listCommand(setExit))
    .command(callCommand(setExit))
    .command(breakingCommand(setExit))
    .demandCommand(1, 'Name a command, for example: warren codegen')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .example('$0 codegen --watch', 'Regenerate generated/ on every save')
    .example('$0 list', 'Services, queues and methods in the contracts')
    .example(`$0 call Calculator.Calculate '{"n": "21"}'`, 'Call a live service')
    .example('$0 breaking --against main', 'Wire-breaking changes since main')
    .epilogue(
      'Exit codes: 0 ok; 1 usage, config or contract error; 2 codegen --check found stale files; ' +
        '3 breaking found a breaking change; 11-26 call failed (10 + the gRPC number of the error code); ' +
        '70 a bug in warren. See docs/cli.md.',
    )
    .fail((message, error) => {
      if (error) throw error;
      // yargs suggests a command without echoing what was typed; say both.
      const text = /^Did you mean/.test(message) ? `unknown command "${argv[0]}". ${message}` : message;
      throw new CliError(`${text}\nRun "warren --help" for usage.`, ExitCode.usage);
    });
  try {
    await cli.parseAsync();
    return exitCode;
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`warren: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`warren: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return ExitCode.internal;
  }
}
