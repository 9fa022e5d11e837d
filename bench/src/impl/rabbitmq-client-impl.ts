import { Connection } from 'rabbitmq-client';
import { CALL_TIMEOUT_MS, checkJsonReply, jsonAnswer, jsonRequest, labelOf, SERVER_PREFETCH, type JsonReply, type JsonRequest, type Size } from '../scenario.js';
import type { BenchClient, BenchServer } from './bench-impl.js';

/** rabbitmq-client's RPCClient (direct reply-to), with noDelay like every other contender. */
export async function rabbitmqClient(url: string, queue: string): Promise<BenchClient> {
  const rabbit = new Connection({ url, noDelay: true });
  rabbit.on('error', () => undefined); // reconnects on its own; the benchmark counts failed calls
  await rabbit.onConnect(10_000, true);
  const rpc = rabbit.createRPCClient({ timeout: CALL_TIMEOUT_MS });
  const labels = new Map<Size, string>();
  return {
    async call(size) {
      let label = labels.get(size);
      if (label === undefined) labels.set(size, (label = labelOf(size)));
      const res = await rpc.send(queue, jsonRequest(size, label)); // objects go as JSON, replies are parsed
      checkJsonReply(size, res.body as JsonReply, label);
    },
    async close() {
      await rpc.close();
      await rabbit.close();
    },
  };
}

/** rabbitmq-client's consumer answering with its `reply()`, as its documentation shows. */
export async function rabbitmqServer(url: string, queue: string): Promise<BenchServer> {
  const rabbit = new Connection({ url, noDelay: true });
  rabbit.on('error', () => undefined);
  let handled = 0;
  const consumer = rabbit.createConsumer(
    { queue, queueOptions: { durable: true }, qos: { prefetchCount: SERVER_PREFETCH }, concurrency: SERVER_PREFETCH },
    async (req, reply) => {
      await reply(jsonAnswer(req.body as JsonRequest));
      handled++;
    },
  );
  await new Promise<void>((resolve, reject) => {
    consumer.once('ready', resolve);
    consumer.once('error', reject);
  });
  return {
    get handled() {
      return handled;
    },
    async close() {
      await consumer.close();
      const ch = await rabbit.acquire();
      await ch.queueDelete({ queue });
      await ch.close();
      await rabbit.close();
    },
  };
}
