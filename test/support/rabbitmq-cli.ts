import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePorts, releasePorts } from './free-ports.js';

const run = promisify(execFile);

// Every RabbitMQ CLI call (rabbitmqctl, rabbitmq-queues, ...) is an Erlang node of its own,
// and RabbitMQ's scripts give them all one pool of 11 distribution ports (35672-35682) on the
// whole machine: a twelfth call at once fails at once with "Distribution failed ...
// nodistribution". Three test brokers booting (three `rabbitmqctl wait`s each) beside another
// test file's calls come near that, so each call here reserves a port of its own, below the
// ephemeral range (32768+) where no outgoing connection takes it.
const CLI_PORT_MIN = 16000;
const CLI_PORT_MAX = 16999;

/**
 * The upstream scripts of Debian's RabbitMQ package, for nodes of the tests' own: run as root,
 * the /usr/sbin wrappers switch to the rabbitmq user and pick up the shared node's cookie and files.
 */
const RABBITMQ_BIN = process.env.WARREN_RABBITMQ_BIN ?? '/usr/lib/rabbitmq/bin';

/** Options of {@link rabbitmqCli}. */
export interface RabbitmqCliOptions {
  /** The tool's environment (a private node's, from `nodeEnv`); this process's by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Kills the tool after this many ms (60 s by default). */
  readonly timeout?: number;
}

/**
 * Runs RabbitMQ CLI tool `tool` (a path, or a name found on PATH) with `args`, on a
 * distribution port reserved for this call, and returns its stdout. Rejects with an error
 * naming the command and carrying the tool's stderr.
 */
export async function rabbitmqCli(tool: string, args: readonly string[], options: RabbitmqCliOptions = {}): Promise<string> {
  const [port] = await freePorts(1, CLI_PORT_MIN, CLI_PORT_MAX, []);
  const env = { ...(options.env ?? process.env), RABBITMQ_CTL_DIST_PORT_MIN: String(port), RABBITMQ_CTL_DIST_PORT_MAX: String(port) };
  try {
    const { stdout } = await run(tool, [...args], { env, timeout: options.timeout ?? 60_000 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${(e.stderr || e.message).trim()}`);
  } finally {
    releasePorts([port!]);
  }
}

/**
 * `rabbitmqctl -q ...args` against the shared broker on 5672, through Debian's wrapper in
 * /usr/sbin (as root it runs the tool as the rabbitmq user, with the broker's cookie).
 */
export function sharedRabbitmqctl(...args: string[]): Promise<string> {
  return rabbitmqCli('rabbitmqctl', ['-q', ...args], { env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
}

/** `<tool> -q -n <node> ...args` from RabbitMQ's own bin folder, for a node of the tests' own (its `env` from `nodeEnv`). */
export function nodeCli(tool: 'rabbitmqctl' | 'rabbitmq-queues', node: string, args: readonly string[], env: NodeJS.ProcessEnv, timeout?: number): Promise<string> {
  return rabbitmqCli(path.join(RABBITMQ_BIN, tool), ['-q', '-n', node, ...args], { env, timeout });
}

/** Starts a node of the tests' own in the background (`rabbitmq-server -detached`); `rabbitmqctl wait` tells when it runs. */
export async function startNodeDetached(env: NodeJS.ProcessEnv): Promise<void> {
  await run(path.join(RABBITMQ_BIN, 'rabbitmq-server'), ['-detached'], { env, timeout: 30_000 });
}
