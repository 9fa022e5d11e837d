import yargs from 'yargs';
import { codegenCommand } from './commands/codegen/codegen-command.js';
import { CliError, ExitCode } from './cli-error.js';

/**
 * Runs the `warren` command with `argv` (without node and script) and resolves with the
 * process exit code. Errors are printed here; nothing throws out of it.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const cli = yargs([...argv])
    .scriptName('warren')
    .usage('$0 <command> [options]\n\nTyped RPC between services over RabbitMQ.')
    .command(codegenCommand((code) => (exitCode = code)))
    .demandCommand(1, 'Name a command, for example: warren codegen')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 ok, 1 contract or usage error, 2 stale generated code; see docs/cli.md.')
    .fail((message, error) => {
      throw error ?? new CliError(message, ExitCode.usage);
    });
  try {
    await cli.parseAsync();
    return exitCode;
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`warren: ${err.message}\n`);
      if (err.exitCode === ExitCode.usage) process.stderr.write(`Run "warren --help" for usage.\n`);
      return err.exitCode;
    }
    process.stderr.write(`warren: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return ExitCode.internal;
  }
}
