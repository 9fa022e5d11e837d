// Every queue warren declares in an end-to-end run on the real broker, as `rabbitmqctl
// list_queues` shows it, must be one RabbitMQ 4.3 accepts. The broker here may be older (3.10
// accepts everything 4.3 refuses), so the rules are checked on what it lists.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { Connection, QueueOptions } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection } from '../support/broker.js';
import { rabbitmq } from './broker-under-test.js';
import { sharedRabbitmqctl } from '../support/rabbitmq-cli.js';

/** A queue as `rabbitmqctl list_queues --formatter json name durable exclusive auto_delete arguments` prints it. */
interface ListedQueue {
  name: string;
  durable: boolean;
  /** "" for queue types where it does not apply (quorum). */
  exclusive: boolean | '';
  auto_delete: boolean;
  arguments: [string, string, unknown][];
}

/** Why RabbitMQ 4.3 would refuse to declare this queue; empty when it accepts it. */
export function refusedBy43(q: { durable: boolean; exclusive: boolean | ''; arguments: Record<string, unknown> }): string[] {
  const why: string[] = [];
  if (!q.durable && q.exclusive !== true) why.push('neither durable nor exclusive (transient_nonexcl_queues: connection closed, 541)');
  if ('x-queue-master-locator' in q.arguments) why.push('x-queue-master-locator (queue_master_locator: 541)');
  if ('x-queue-mode' in q.arguments) why.push('x-queue-mode (ignored on classic queues, 406 on quorum queues)');
  const version = q.arguments['x-queue-version'];
  if (version !== undefined && version !== 2) why.push(`x-queue-version ${String(version)} (406: only version 2)`);
  for (const arg of Object.keys(q.arguments)) if (arg.startsWith('x-ha-') || arg.startsWith('ha-')) why.push(`${arg} (classic mirroring is gone)`);
  return why;
}

async function listQueues(): Promise<ListedQueue[]> {
  try {
    return JSON.parse(await sharedRabbitmqctl('list_queues', '--formatter', 'json', 'name', 'durable', 'exclusive', 'auto_delete', 'arguments')) as ListedQueue[];
  } catch (err) {
    throw new Error(`${String(err)} (it needs the broker's Erlang cookie: run as root or the rabbitmq user)`);
  }
}

/** Records every queue declared through `conn` (name and options), as warren declared it. */
function recordDeclarations(conn: Connection): Map<string, QueueOptions> {
  const declared = new Map<string, QueueOptions>();
  const openChannel = conn.openChannel.bind(conn);
  Object.defineProperty(conn, 'openChannel', {
    value: async () => {
      const channel = await openChannel();
      const assertQueue = channel.assertQueue.bind(channel);
      channel.assertQueue = async (name, options) => {
        const ok = await assertQueue(name, options);
        declared.set(ok.queue, options ?? {});
        return ok;
      };
      return channel;
    },
  });
  return declared;
}

describe('the queues warren declares on the real broker', () => {
  const prefix = `warren.declared.${randomBytes(4).toString('hex')}`;
  const queues = [`${prefix}.classic`, `${prefix}.quorum`];
  after(() => deleteQueues(...queues.flatMap((q) => [q, `${q}.dead-letter`])));

  it('are all ones RabbitMQ 4.3 accepts: servers (classic, quorum), clients (default, direct), a reconnect', async () => {
    const declared = new Map<string, QueueOptions>();
    const record = (conn: Connection) => {
      const mine = recordDeclarations(conn);
      return () => mine.forEach((options, name) => declared.set(name, options));
    };
    const closers: (() => Promise<unknown>)[] = [];
    const collect: (() => void)[] = [];
    try {
      const serverConn = await testConnection();
      collect.push(record(serverConn));
      closers.push(() => serverConn.close());
      for (const [queue, queueType] of [[queues[0]!, 'classic'], [queues[1]!, 'quorum']] as const) {
        const server = await serveCalculator(serverConn, calculatorHandlers, { queue, queueType });
        closers.push(() => server.close({ timeoutMs: 1_000 }));
      }
      // A client with default options (its own reply queue), one in direct mode, and one whose
      // connection drops so that it declares its reply queue again.
      const clientConn = await testConnection();
      collect.push(record(clientConn));
      closers.push(() => clientConn.close());
      const droppable = await rabbitmq().then((b) => b.connectDroppable());
      collect.push(record(droppable.conn));
      closers.push(() => droppable.release(), () => droppable.conn.close());
      for (const queue of queues) {
        for (const calc of [
          new CalculatorClient(clientConn, { queue }),
          new CalculatorClient(clientConn, { queue, replyMode: 'direct' }),
          new CalculatorClient(droppable.conn, { queue }),
        ]) {
          closers.push(() => calc.close());
          const replies = await Promise.all([1n, 2n, 3n].map((n) => calc.calculate({ n })));
          assert.deepEqual(replies.map((r) => r.result), [2n, 4n, 6n]);
        }
      }
      const reconnected = new Promise<void>((resolve) => droppable.conn.watch({ up: () => resolve() }));
      await droppable.drop();
      await reconnected;
      const again = new CalculatorClient(droppable.conn, { queue: queues[0]! });
      closers.push(() => again.close());
      await again.calculate({ n: 4n });

      const listed = await listQueues(); // while the clients live: their exclusive queues go with them
      collect.forEach((c) => c());
      const ours = listed.filter((q) => declared.has(q.name));
      const names = [...declared.keys()];
      assert.ok(names.filter((n) => n.startsWith('warren.reply.')).length >= 3, `reply queues declared: ${names.join(', ')}`);
      for (const name of names) {
        const options = declared.get(name)!;
        const asDeclared = { durable: options.durable ?? true, exclusive: options.exclusive ?? false, arguments: options.arguments ?? {} };
        assert.deepEqual(refusedBy43(asDeclared), [], `warren declared ${name} ${JSON.stringify(options)}`);
      }
      const listedNames = ours.map((q) => q.name);
      for (const q of queues.flatMap((q) => [q, `${q}.dead-letter`])) assert.ok(listedNames.includes(q), `${q} is listed`);
      assert.ok(listedNames.filter((n) => n.startsWith('warren.reply.')).length >= 2, `reply queues listed: ${listedNames.join(', ')}`);
      for (const q of ours) {
        const args = Object.fromEntries(q.arguments.map(([k, , v]) => [k, v]));
        assert.deepEqual(refusedBy43({ ...q, arguments: args }), [], `rabbitmqctl lists ${JSON.stringify(q)}`);
      }
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    }
  });

  it('would catch what 4.3 refuses', () => {
    assert.equal(refusedBy43({ durable: false, exclusive: false, arguments: { 'x-expires': 60_000 } }).length, 1);
    assert.equal(refusedBy43({ durable: true, exclusive: '', arguments: { 'x-queue-version': 1 } }).length, 1);
    assert.equal(refusedBy43({ durable: false, exclusive: true, arguments: {} }).length, 0);
  });
});
