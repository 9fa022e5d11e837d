/**
 * A benchmark child process: one client or one server of one implementation, driven by the
 * orchestrator (main.ts) over IPC. Callers and servers always run in separate processes.
 * Usage (by main.ts only): node child.js <client|server> <impl> <queue>; AMQP_URL in the env.
 */
import type { BenchClient, BenchServer } from './impl/bench-impl.js';
import type { FromChild, ToChild } from './ipc.js';
import { runLoad } from './load.js';
import { DEFAULT_AMQP_URL, isImpl, type Impl } from './scenario.js';

const [role, impl, queue] = process.argv.slice(2);
const url = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;

function send(msg: FromChild): void {
  process.send?.(msg);
}

// Each process loads only the library it runs, so its RSS is that library's alone.
async function openClient(which: Impl, q: string): Promise<BenchClient> {
  switch (which) {
    case 'warren-direct':
    case 'warren-queue':
      return (await import('./impl/warren-impl.js')).warrenClient(url, q, which === 'warren-direct' ? 'direct' : 'queue');
    case 'warren-queue-unconfirmed': // what publisher confirms cost: the default client without them
      return (await import('./impl/warren-impl.js')).warrenClient(url, q, 'queue', false);
    case 'warren-queue-traced': // what tracing costs: warren-queue with the OpenTelemetry SDK and tracingInterceptor
      return (await import('./impl/warren-impl.js')).warrenClient(url, q, 'queue', true, (await import('./impl/tracing-sdk.js')).registerTracing());
    case 'amqplib-direct':
      return (await import('./impl/amqplib-impl.js')).amqplibClient(url, q, 'direct', '');
    case 'amqplib-queue':
      return (await import('./impl/amqplib-impl.js')).amqplibClient(url, q, 'queue', `${q}.reply.${process.pid}`);
    case 'rabbitmq-client':
      return (await import('./impl/rabbitmq-client-impl.js')).rabbitmqClient(url, q);
  }
}

async function openServer(which: Impl, q: string): Promise<BenchServer> {
  if (which === 'warren-queue-traced') return (await import('./impl/warren-impl.js')).warrenServer(url, q, (await import('./impl/tracing-sdk.js')).registerTracing());
  if (which.startsWith('warren')) return (await import('./impl/warren-impl.js')).warrenServer(url, q);
  if (which.startsWith('amqplib')) return (await import('./impl/amqplib-impl.js')).amqplibServer(url, q);
  return (await import('./impl/rabbitmq-client-impl.js')).rabbitmqServer(url, q);
}

/** RSS after a full GC, once freed Buffer memory has been handed back (that happens after the GC). */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  globalThis.gc?.();
  return process.memoryUsage();
}

async function runClient(client: BenchClient): Promise<void> {
  process.on('message', (msg: ToChild) => {
    void (async () => {
      switch (msg.type) {
        case 'run':
          send({ type: 'result', result: await runLoad((s) => client.call(s), msg.size, msg.concurrency, msg.warmupMs, msg.measureMs) });
          break;
        case 'fire': {
          send({ type: 'firing', rssIdle: (await settledMemory()).rss });
          const outcomes = await Promise.allSettled(Array.from({ length: msg.calls }, () => client.call('small')));
          const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          const settled: FromChild = { type: 'settled', ok: outcomes.length - failures.length, failed: failures.length };
          if (failures[0]) settled.firstError = String(failures[0].reason);
          send(settled);
          break;
        }
        case 'measure': {
          const { rss, heapUsed, arrayBuffers } = await settledMemory();
          send({ type: 'measured', rssInFlight: rss, heapInFlight: heapUsed, arrayBuffersInFlight: arrayBuffers });
          break;
        }
        case 'stop':
          await client.close();
          send({ type: 'closed' });
          process.exit(0);
      }
    })().catch((err: unknown) => send({ type: 'error', message: String(err) }));
  });
}

async function runServer(server: BenchServer): Promise<void> {
  process.on('message', (msg: ToChild) => {
    void (async () => {
      if (msg.type === 'stats') {
        const cpu = process.cpuUsage();
        send({ type: 'stats', handled: server.handled, cpuMicros: cpu.user + cpu.system });
      } else if (msg.type === 'stop') {
        await server.close();
        send({ type: 'closed' });
        process.exit(0);
      }
    })().catch((err: unknown) => send({ type: 'error', message: String(err) }));
  });
}

async function main(): Promise<void> {
  if ((role !== 'client' && role !== 'server') || !impl || !isImpl(impl) || !queue) {
    throw new Error(`usage: child.js <client|server> <impl> <queue>, got ${process.argv.slice(2).join(' ')}`);
  }
  process.on('disconnect', () => process.exit(0)); // the orchestrator died: do not linger
  if (role === 'client') await runClient(await openClient(impl, queue));
  else await runServer(await openServer(impl, queue));
  send({ type: 'ready', pid: process.pid });
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
