// Server streaming bench (docs/benchmarks.md, "Server streaming"): items/s on one stream of
// small items, and client and server RSS with a slow consumer (bounded by the credit window).
// node --import tsx bench/src/stream-bench.ts [items=200000] [repeats=3]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, RpcClient, silentLogger } from '@warren/runtime';
import { DEFAULT_AMQP_URL } from './scenario.js';
import { streamBenchService } from './stream-method.js';

const [itemsArg = '200000', repeatsArg = '3'] = process.argv.slice(2);
const url = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
const queue = `warren.streambench.${process.pid}`;
const service = streamBenchService(queue);
const mib = (b: number) => (b / 1048576).toFixed(1);

const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./stream-server.ts', import.meta.url)), url, queue], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let serverRss = 0;
await new Promise<void>((resolve) => {
  let buf = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    for (let nl; (nl = buf.indexOf('\n')) >= 0; buf = buf.slice(nl + 1)) {
      const line = buf.slice(0, nl);
      if (line === 'ready') resolve();
      else if (line.startsWith('rss ')) serverRss = Number(line.slice(4));
    }
  });
});
const conn = await connect(url, { logger: silentLogger });
const client = new RpcClient(conn, service, { timeoutMs: 600_000 });

for (const credit of [32, 256]) {
  for (let r = 0; r < Number(repeatsArg); r++) {
    const n = Number(itemsArg);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let seen = 0;
    for await (const _ of client.stream(service.methods.count, { n: BigInt(n) }, { credit })) seen++;
    const s = (performance.now() - t0) / 1000;
    if (seen !== n) throw new Error(`got ${seen} of ${n}`);
    const cpu = process.cpuUsage(cpu0);
    console.log(`one stream, ${n} small items, credit ${credit}: ${Math.round(n / s)} items/s, client CPU ${((cpu.user + cpu.system) / n).toFixed(1)} µs/item`);
  }
}

// Slow consumer: 100 items/s for 5 s from an endless stream; RSS stays flat on both sides.
await sleep(500);
const startClient = process.memoryUsage().rss;
const startServer = serverRss;
const it = client.stream(service.methods.endless, { n: 0n }, { credit: 32 })[Symbol.asyncIterator]();
let peakClient = 0;
let peakServer = 0;
for (let i = 0; i < 500; i++) {
  await it.next();
  await sleep(10);
  peakClient = Math.max(peakClient, process.memoryUsage().rss);
  peakServer = Math.max(peakServer, serverRss);
}
await it.return!();
console.log(`slow consumer (credit 32, ~100 items/s for 5 s): client RSS ${mib(startClient)} -> peak ${mib(peakClient)} MiB, server RSS ${mib(startServer)} -> peak ${mib(peakServer)} MiB`);

await client.close();
await conn.close();
child.stdin!.end();
const admin = await (await import('amqplib')).connect(url);
const ch = await admin.createChannel();
for (const q of [queue, `${queue}.dead-letter`]) await ch.deleteQueue(q).catch(() => undefined);
await admin.close();
process.exit(0);
