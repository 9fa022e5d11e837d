import yargs, { type CommandModule } from 'yargs';

/** What a command's real builder hands its handler, or the usage error yargs reports. */
export interface Parsed {
  args?: Record<string, unknown>;
  error?: string;
}

/**
 * Parses `argv` with one command's real builder (options, positionals, demands) and strict
 * mode, as main() does, but with the handler replaced: the arguments are returned instead of
 * run, so argument handling is tested without contracts, files or a broker.
 */
export async function parseCommand(command: CommandModule<object, any>, argv: readonly string[]): Promise<Parsed> {
  const result: Parsed = {};
  try {
    await yargs([...argv])
      .command({ ...command, handler: (args: Record<string, unknown>) => void (result.args = args) })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new Error(message);
      })
      .parseAsync();
  } catch (err) {
    result.error = (err as Error).message;
  }
  return result;
}

/** A command module built with an exit setter that must not be called while parsing. */
export function build<A>(factory: (setExit: (code: number) => void) => CommandModule<object, A>): CommandModule<object, A> {
  return factory(() => {
    throw new Error('the exit code was set while only parsing');
  });
}
