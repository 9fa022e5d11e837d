import type { Channel } from 'amqplib';
import { connect, silentLogger, type ChannelOptions, type Connection, type Interceptor, type ReplyMode } from '@warren/runtime';
import {
  CalculatorClient,
  EvaluateRequest_Operation,
  serveCalculator,
  type EvaluateRequest,
} from '../../../generated/calculator.js';
import { CALL_TIMEOUT_MS, labelOf, SERVER_PREFETCH, SIZES, type Size } from '../scenario.js';
import type { BenchClient, BenchServer } from './bench-impl.js';

/** warren's generated client, in the given reply mode; `interceptors` on its connection (tracing). */
export async function warrenClient(url: string, queue: string, replyMode: ReplyMode, confirm = true, interceptors?: Interceptor[]): Promise<BenchClient> {
  const conn = await connect(url, { logger: silentLogger, interceptors });
  const declared = recordDeclaredQueues(conn);
  const client = new CalculatorClient(conn, { replyMode, queue, timeoutMs: CALL_TIMEOUT_MS, confirm });
  const requests = new Map<Size, EvaluateRequest>();
  for (const size of SIZES) {
    if (size !== 'small') {
      requests.set(size, { operation: EvaluateRequest_Operation.OPERATION_ADD, operands: [{ value: 1, label: labelOf(size) }] });
    }
  }
  return {
    async call(size) {
      if (size === 'small') {
        const { result } = await client.calculate({ n: 21n });
        if (result !== 42n) throw new Error('wrong reply for a small call');
        return;
      }
      const request = requests.get(size)!;
      const reply = await client.evaluate(request);
      if (reply.steps[0]?.length !== request.operands[0]!.label.length) throw new Error(`wrong reply for a ${size} call`);
    },
    async close() {
      await client.close();
      await deleteQueues(conn, declared);
      await conn.close();
    },
  };
}

/** warren's generated server, with the same handlers the baselines implement by hand; `interceptors` on its connection. */
export async function warrenServer(url: string, queue: string, interceptors?: Interceptor[]): Promise<BenchServer> {
  const conn = await connect(url, { logger: silentLogger, interceptors });
  const server = await serveCalculator(
    conn,
    {
      calculate: (req) => ({ result: req.n * 2n }),
      evaluate: (req) => ({ value: req.operands.reduce((sum, o) => sum + o.value, 0), steps: req.operands.map((o) => o.label) }),
      async *evaluateSteps() {},
    },
    // BENCH_QUEUE_TYPE=quorum: the cluster scenario (cluster-bench.ts); classic otherwise.
    { queue, concurrency: SERVER_PREFETCH, queueType: process.env.BENCH_QUEUE_TYPE === 'quorum' ? 'quorum' : 'classic' },
  );
  return {
    get handled() {
      return server.stats.handled;
    },
    async close() {
      await server.close({ timeoutMs: 5_000 });
      await deleteQueues(conn, [queue, `${queue}.dead-letter`]);
      await conn.close();
    },
  };
}

/**
 * Records the queues the client declares (its reply queue in `queue` mode, whose name is
 * internal), so the benchmark can delete them. Patches only the rarely called
 * openChannel/assertQueue, never the publish path.
 */
function recordDeclaredQueues(conn: Connection): string[] {
  const declared: string[] = [];
  const openChannel = conn.openChannel.bind(conn);
  Object.defineProperty(conn, 'openChannel', {
    value: async (options?: ChannelOptions) => {
      const channel = await openChannel(options);
      const assertQueue = channel.assertQueue.bind(channel);
      channel.assertQueue = (name, options) => {
        declared.push(name);
        return assertQueue(name, options);
      };
      return channel;
    },
  });
  return declared;
}

async function deleteQueues(conn: Connection, queues: readonly string[]): Promise<void> {
  if (queues.length === 0) return;
  // The connection's channels are amqplib channels; BrokerChannel only leaves deleteQueue out.
  const channel = (await conn.openChannel()) as unknown as Channel;
  for (const q of queues) await channel.deleteQueue(q);
  await channel.close();
}
