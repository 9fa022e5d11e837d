// The bench's server-streaming part (`--only=stream`): items/s on one stream of small items, and
// client and server RSS with a slow consumer (bounded by the credit window, not by the stream).
// The server runs in a process of its own (stream-server.ts, compiled to bench/dist like the
// throughput part's children), on the same broker as everything else.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, RpcClient, silentLogger } from '@warren/runtime';
import type { BrokerAdmin } from './broker.js';
import type { BenchOptions } from './options.js';
import { streamBenchService } from './stream-method.js';
import { mib } from './numbers.js';

/** Items/s on one stream at one initial credit, round by round. */
export interface StreamRow {
  credit: number;
  items: number;
  itemsPerSecond: number[];
  /** The consuming process's CPU per item (user + system), round by round. */
  clientCpuMicrosPerItem: number[];
}

/** RSS of both processes while a consumer reads an endless stream slowly. */
export interface SlowConsumer {
  credit: number;
  itemsRead: number;
  seconds: number;
  clientStart: number;
  clientPeak: number;
  serverStart: number;
  serverPeak: number;
}

export interface StreamResults {
  rows: StreamRow[];
  slow: SlowConsumer;
}

/** The initial credits measured: warren's default first. */
export const STREAM_CREDITS = [32, 256] as const;

/** Starts the stream server and resolves once it is serving; `rss()` is its latest RSS. */
async function startServer(url: string, queue: string): Promise<{ child: ChildProcess; rss: () => number }> {
  const script = fileURLToPath(new URL('../dist/bench/src/stream-server.js', import.meta.url));
  const child = spawn(process.execPath, [script, url, queue], { stdio: ['pipe', 'pipe', 'inherit'] });
  let rss = 0;
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    child.once('exit', (code) => reject(new Error(`stream server exited with ${code} before it was ready`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      for (let nl; (nl = buf.indexOf('\n')) >= 0; buf = buf.slice(nl + 1)) {
        const line = buf.slice(0, nl);
        if (line === 'ready') resolve();
        else if (line.startsWith('rss ')) rss = Number(line.slice(4));
      }
    });
  });
  return { child, rss: () => rss };
}

export async function runStreams(options: BenchOptions, runId: string, admin: BrokerAdmin, log: (line: string) => void): Promise<StreamResults> {
  const url = process.env.AMQP_URL!;
  const queue = `warren.bench.${runId}.stream`;
  const service = streamBenchService(queue);
  const server = await startServer(url, queue);
  const conn = await connect(url, { logger: silentLogger });
  const client = new RpcClient(conn, service, { timeoutMs: 600_000 });
  try {
    const items = options.quick ? 50_000 : 200_000;
    const rows: StreamRow[] = STREAM_CREDITS.map((credit) => ({ credit, items, itemsPerSecond: [], clientCpuMicrosPerItem: [] }));
    // A warm-up stream, then rounds alternating the credits' order as the throughput part does.
    for await (const _ of client.stream(service.methods.count, { n: 20_000n })) void _;
    for (let round = 0; round < options.repeats; round++) {
      for (const row of round % 2 === 0 ? rows : [...rows].reverse()) {
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        let seen = 0;
        for await (const _ of client.stream(service.methods.count, { n: BigInt(items) }, { credit: row.credit })) seen++;
        const seconds = (performance.now() - t0) / 1000;
        if (seen !== items) throw new Error(`stream bench: got ${seen} of ${items} items`);
        const cpu = process.cpuUsage(cpu0);
        row.itemsPerSecond.push(items / seconds);
        row.clientCpuMicrosPerItem.push((cpu.user + cpu.system) / items);
        log(`  one stream, ${items} small items, credit ${row.credit}: ${Math.round(items / seconds)} items/s, client CPU ${((cpu.user + cpu.system) / items).toFixed(2)} µs/item`);
      }
    }
    const slow = await slowConsumer(client, service, server.rss, options.quick ? 2 : 5);
    log(`  slow consumer (credit ${slow.credit}, ${slow.itemsRead} items in ${slow.seconds} s): client RSS ${mib(slow.clientStart)} -> peak ${mib(slow.clientPeak)} MiB, server RSS ${mib(slow.serverStart)} -> peak ${mib(slow.serverPeak)} MiB`);
    return { rows, slow };
  } finally {
    await client.close();
    await conn.close();
    server.child.stdin!.end();
    await admin.deleteQueues([queue, `${queue}.dead-letter`]).catch(() => undefined);
  }
}

/** Reads ~100 items/s from an endless stream: without flow control the server would buffer millions. */
async function slowConsumer(client: RpcClient, service: ReturnType<typeof streamBenchService>, serverRss: () => number, seconds: number): Promise<SlowConsumer> {
  await sleep(500);
  const credit = 32;
  const clientStart = process.memoryUsage().rss;
  const serverStart = serverRss();
  const it = client.stream(service.methods.endless, { n: 0n }, { credit })[Symbol.asyncIterator]();
  let clientPeak = clientStart;
  let serverPeak = serverStart;
  const itemsRead = seconds * 100;
  for (let i = 0; i < itemsRead; i++) {
    await it.next();
    await sleep(10);
    clientPeak = Math.max(clientPeak, process.memoryUsage().rss);
    serverPeak = Math.max(serverPeak, serverRss());
  }
  await it.return!();
  return { credit, itemsRead, seconds, clientStart, clientPeak, serverStart, serverPeak };
}
