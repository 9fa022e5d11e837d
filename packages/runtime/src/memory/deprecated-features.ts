import type { QueueSettings } from './memory-queue.js';
import { ChannelFailure } from './channel-failure.js';
import { ConnectionFailure } from './connection-failure.js';

/**
 * What RabbitMQ 4.3 refuses when a queue is declared, as 4.3's source does it
 * (deps/rabbit/src/rabbit_amqqueue.erl, rabbit_classic_queue.erl, rabbit_channel.erl at
 * v4.3.0), so that code tested on memory() cannot rely on what a current broker refuses.
 * docs/testing.md lists them; test/conformance/deprecated-feature-cases.ts runs each on both.
 *
 * - A queue neither durable nor exclusive (deprecated feature `transient_nonexcl_queues`,
 *   denied by default): the broker closes the connection, 541 INTERNAL_ERROR.
 * - `x-queue-master-locator` on a classic queue (`queue_master_locator`): the same.
 * - `x-queue-version` other than 2: the channel closes, 406 PRECONDITION_FAILED.
 * - An argument of another queue type on a quorum queue (`x-queue-mode`,
 *   `x-queue-master-locator`, `x-queue-version`, `x-max-priority`): 406 as well (3.10 too).
 *
 * 4.3 checks only new queues: redeclaring one that exists compares it and nothing more.
 * Global QoS (`global_qos`) is not refused but downgraded to per consumer: see MemoryChannel.
 */
export function checkNewQueue(name: string, settings: QueueSettings): void {
  const args = settings.arguments;
  const quorum = args['x-queue-type'] === 'quorum';
  const where = `queue '${name}' in vhost '/'`;
  if (quorum) {
    for (const arg of Object.keys(args)) {
      if (CLASSIC_ONLY_ARGUMENTS.includes(arg)) throw new ChannelFailure(406, `invalid arg '${arg}' for ${where} of queue type rabbit_quorum_queue`);
    }
  }
  const version = args['x-queue-version'];
  if (typeof version === 'number' && version !== 2) {
    throw new ChannelFailure(406, `invalid arg 'x-queue-version' for ${where}: "unsupported queue version '${String(version)}'"`);
  }
  if (!settings.durable && !settings.exclusive) throw ConnectionFailure.deprecated('transient_nonexcl_queues');
  if (!quorum && 'x-queue-master-locator' in args) throw ConnectionFailure.deprecated('queue_master_locator');
}

/** Classic queue arguments 4.3 (and 3.10) refuse on a quorum queue (rabbit_classic_queue.erl). */
const CLASSIC_ONLY_ARGUMENTS = ['x-max-priority', 'x-queue-mode', 'x-queue-version', 'x-queue-master-locator'];
