// Dev tool: CPU per call of a client+server pair in one process (relative numbers only).
// node --import tsx bench/src/cpu-pair.ts [warren|amqplib|warren-queue] [calls] [concurrency]
import { connect, silentLogger } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { amqplibClient, amqplibServer } from './impl/amqplib-impl.js';
import { DEFAULT_AMQP_URL } from './scenario.js';

const [kind = 'warren', callsArg = '20000', cArg = '128'] = process.argv.slice(2);
const calls = Number(callsArg);
const c = Number(cArg);
const url = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
const queue = `warren.cpupair.${process.pid}`;

let call: () => Promise<void>;
let close: () => Promise<void>;
if (kind.startsWith('warren')) {
  const sc = await connect(url, { logger: silentLogger });
  const cc = await connect(url, { logger: silentLogger });
  const server = await serveCalculator(sc, { calculate: (r) => ({ result: r.n * 2n }), evaluate: () => ({ value: 0, steps: [] }), async *evaluateSteps() {} }, { queue, concurrency: 128 });
  const calc = new CalculatorClient(cc, { queue, replyMode: kind === 'warren-queue' ? 'queue' : 'direct' });
  call = async () => {
    const r = await calc.calculate({ n: 21n });
    if (r.result !== 42n) throw new Error('bad');
  };
  close = async () => {
    await calc.close();
    await server.close();
    await cc.close();
    await sc.close();
  };
} else {
  const server = await amqplibServer(url, queue);
  const client = await amqplibClient(url, queue, 'direct', '');
  call = () => client.call('small');
  close = async () => {
    await client.close();
    await server.close();
  };
}
const run = async (n: number) => {
  let next = 0;
  await Promise.all(Array.from({ length: c }, async () => {
    while (next++ < n) await call();
  }));
};
await run(2000);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await run(calls);
const cpu = process.cpuUsage(cpu0);
const ms = performance.now() - t0;
console.log(`${kind} c=${c}: ${((cpu.user + cpu.system) / calls).toFixed(1)} µs CPU/call (client+server), ${Math.round(calls / (ms / 1000))} calls/s`);
await close();
const admin = await (await import('amqplib')).connect(url);
const ch = await admin.createChannel();
for (const q of [queue, `${queue}.dead-letter`]) await ch.deleteQueue(q).catch(() => undefined);
await admin.close();
process.exit(0);
