/**
 * Measures the two reply-queue shapes RabbitMQ 4.3 accepts for `replyMode: 'queue'` (issue 15):
 * `exclusive` (exclusive + auto-delete, a fresh name per channel) and `durable` (durable +
 * x-expires, one name). Prints what each costs to declare, to open a client's reply channel,
 * and the calls/s of the real client (the runtime's source, not dist) in each shape, with
 * direct reply-to beside them. docs/semantics.md ("Reply mode") keeps the numbers.
 *
 *   node --import tsx bench/src/reply-queue-shapes.ts [--rounds 5] [--seconds 2] [--baseline DIR]
 *
 * `--baseline DIR` also runs the default client of another copy of packages/runtime/src (for
 * example `git archive <commit> packages/runtime/src`, with a node_modules link beside it),
 * to compare with an earlier default in the same run. The variants run in alternating
 * slices, so a drifting machine shifts all of them alike. Server and client share this
 * process: the numbers compare variants, they are not the benchmark's absolute throughput.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as amqp from 'amqplib';
import { connect, RpcClient, silentLogger, type Connection, type ReplyMode } from '../../packages/runtime/src/index.js';
import { ReplyEndpoint, type ReplyQueueShape } from '../../packages/runtime/src/client/reply-endpoint.js';
import { CalculatorService, serveCalculator } from '../../generated/calculator.js';
import { DEFAULT_AMQP_URL } from './scenario.js';
import { median } from './numbers.js';

interface Variant {
  readonly name: string;
  client(conn: Connection, queue: string): RpcClient;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const ROUNDS = Number(option('rounds', '5'));
const SECONDS = Number(option('seconds', '2'));
const BASELINE = option('baseline', '');
const URL = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
const DECLARES = 200;

/** A client of this source tree's runtime, with the reply queue in `shape` (or direct reply-to). */
function ours(name: string, mode: ReplyMode, shape: ReplyQueueShape = 'exclusive'): Variant {
  return {
    name,
    client(conn, queue) {
      ReplyEndpoint.shape = shape; // read when the client opens its channel, on its first call
      return new RpcClient(conn, CalculatorService, { replyMode: mode, queue, timeoutMs: 60_000 });
    },
  };
}

async function baseline(dir: string): Promise<{ variant: Variant; connect: typeof connect }> {
  const runtime = (await import(pathToFileURL(path.resolve(dir, 'index.ts')).href)) as typeof import('../../packages/runtime/src/index.js');
  return {
    connect: runtime.connect,
    variant: {
      name: `baseline default (${dir})`,
      client: (conn, queue) => new runtime.RpcClient(conn, CalculatorService, { queue, timeoutMs: 60_000 }) as unknown as RpcClient,
    },
  };
}

/** ms per queue.declare of a new queue, sequential on one channel; alternating blocks of 20. */
async function declareCost(): Promise<Record<ReplyQueueShape, number[]>> {
  const model = await amqp.connect(URL);
  const ch = await model.createChannel();
  const times: Record<ReplyQueueShape, number[]> = { exclusive: [], durable: [] };
  const durable: string[] = [];
  const base = `warren.shape-bench.${randomBytes(4).toString('hex')}`;
  for (let block = 0; block < DECLARES / 20; block++) {
    for (const shape of ['exclusive', 'durable'] as const) {
      for (let i = 0; i < 20; i++) {
        const name = `${base}.${shape}.${block}.${i}`;
        const started = performance.now();
        if (shape === 'exclusive') await ch.assertQueue(name, { durable: false, exclusive: true, autoDelete: true });
        else await ch.assertQueue(name, { durable: true, autoDelete: false, arguments: { 'x-expires': 60_000 } });
        times[shape].push(performance.now() - started);
        if (shape === 'durable') durable.push(name);
      }
    }
  }
  for (const q of durable) await ch.deleteQueue(q);
  await model.close(); // the exclusive ones go with it
  return times;
}

/** ms to open a client's reply channel (channel.open, declare, consume) and close it again. */
async function openCost(conn: Connection): Promise<Record<ReplyQueueShape, number[]>> {
  const times: Record<ReplyQueueShape, number[]> = { exclusive: [], durable: [] };
  const events = { reply: () => undefined, returned: () => undefined, lost: () => undefined, drained: () => undefined };
  const admin = await amqp.connect(URL);
  const ch = await admin.createChannel();
  for (let block = 0; block < DECLARES / 20; block++) {
    for (const shape of ['exclusive', 'durable'] as const) {
      ReplyEndpoint.shape = shape;
      for (let i = 0; i < 20; i++) {
        const name = ReplyEndpoint.queueName();
        const started = performance.now();
        const endpoint = await ReplyEndpoint.open(conn, 'queue', name, events);
        times[shape].push(performance.now() - started);
        await endpoint.close();
        if (shape === 'durable') await ch.deleteQueue(name);
      }
    }
  }
  await admin.close();
  return times;
}

/** Calls completed in `seconds` with `concurrency` callers. */
async function callsPerSecond(client: RpcClient, concurrency: number, seconds: number): Promise<number> {
  const method = CalculatorService.methods.calculate;
  await client.call(method, { n: 1n }); // opens the reply channel outside the window
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await client.call(method, { n: 21n });
        calls++;
      }
    }),
  );
  return calls / seconds;
}

const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const ms = (x: number) => x.toFixed(2);

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const queue = `warren.shape-bench.${randomBytes(4).toString('hex')}`;
  const serverConn = await connect(URL, { logger: silentLogger });
  const server = await serveCalculator(serverConn, { calculate: (r) => ({ result: r.n * 2n }), evaluate: () => ({ value: 0, steps: [] }), async *evaluateSteps() {} }, { queue, concurrency: 128 });
  const variants: { variant: Variant; conn: Connection }[] = [];
  const clientConn = await connect(URL, { logger: silentLogger });
  for (const v of [ours('exclusive (new default)', 'queue', 'exclusive'), ours('durable + x-expires', 'queue', 'durable'), ours('direct reply-to', 'direct')]) {
    variants.push({ variant: v, conn: clientConn });
  }
  if (BASELINE) {
    const b = await baseline(BASELINE);
    variants.push({ variant: b.variant, conn: await b.connect(URL, { logger: silentLogger }) });
  }
  const model = await amqp.connect(URL);
  const props = model.connection.serverProperties as Record<string, unknown>;
  await model.close();
  log(`reply-queue shapes on ${String(props.product)} ${String(props.version)}, node ${process.version}, ${ROUNDS} rounds of ${SECONDS} s slices`);

  const declared = await declareCost();
  log(`\nqueue.declare of a new queue (${DECLARES} each, sequential): median / p90 ms`);
  for (const [shape, xs] of Object.entries(declared)) log(`  ${shape.padEnd(10)} ${ms(median(xs))} / ${ms(p90(xs))}`);
  const opened = await openCost(clientConn);
  log(`\nreply channel open (channel.open + declare + consume), then close (${DECLARES} each): median / p90 ms`);
  for (const [shape, xs] of Object.entries(opened)) log(`  ${shape.padEnd(10)} ${ms(median(xs))} / ${ms(p90(xs))}`);

  for (const concurrency of [1, 16]) {
    const results = new Map<string, number[]>(variants.map((v) => [v.variant.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const { variant, conn } of variants) {
        const client = variant.client(conn, queue);
        results.get(variant.name)!.push(await callsPerSecond(client, concurrency, SECONDS));
        await client.close();
      }
    }
    log(`\nsmall calls/s at concurrency ${concurrency}: median (min-max) of ${ROUNDS} slices`);
    for (const [name, xs] of results) {
      log(`  ${name.padEnd(28)} ${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`);
    }
  }
  ReplyEndpoint.shape = 'exclusive';
  await server.close({ timeoutMs: 5_000 });
  const admin = await amqp.connect(URL);
  const ch = await admin.createChannel();
  await ch.deleteQueue(queue);
  await ch.deleteQueue(`${queue}.dead-letter`);
  await admin.close();
  for (const c of new Set([serverConn, clientConn, ...variants.map((v) => v.conn)])) await c.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
