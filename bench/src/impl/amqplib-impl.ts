import { randomBytes } from 'node:crypto';
import * as amqp from 'amqplib';
import {
  CALL_TIMEOUT_MS,
  checkJsonReply,
  jsonAnswer,
  jsonRequest,
  labelOf,
  SERVER_PREFETCH,
  type JsonReply,
  type JsonRequest,
  type Size,
} from '../scenario.js';
import type { BenchClient, BenchServer } from './bench-impl.js';

const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

interface Waiting {
  resolve(reply: JsonReply): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A hand-written amqplib RPC client, as a careful engineer writes one: noDelay, one channel,
 * a correlation map registered before publishing, a timeout per call, `drain` honoured,
 * JSON bodies. `direct` uses direct reply-to; `queue` an exclusive reply queue of its own.
 */
export async function amqplibClient(url: string, queue: string, mode: 'direct' | 'queue', replyQueue: string): Promise<BenchClient> {
  const conn = await amqp.connect(url, { noDelay: true });
  const ch = await conn.createChannel();
  let replyTo = DIRECT_REPLY_TO;
  if (mode === 'queue') {
    await ch.assertQueue(replyQueue, { exclusive: true, autoDelete: true });
    replyTo = replyQueue;
  }
  const pending = new Map<string, Waiting>();
  await ch.consume(
    replyTo,
    (msg) => {
      const waiting = msg && pending.get(msg.properties.correlationId as string);
      if (!msg || !waiting) return;
      pending.delete(msg.properties.correlationId as string);
      clearTimeout(waiting.timer);
      try {
        waiting.resolve(JSON.parse(msg.content.toString()) as JsonReply);
      } catch (err) {
        waiting.reject(err as Error);
      }
    },
    { noAck: true },
  );

  const prefix = randomBytes(6).toString('hex');
  let seq = 0;
  let drained: Promise<void> | undefined;
  const request = async (body: JsonRequest): Promise<JsonReply> => {
    while (drained) await drained;
    const id = `${prefix}.${seq++}`;
    return new Promise<JsonReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`no reply within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      const ok = ch.publish('', queue, Buffer.from(JSON.stringify(body)), {
        correlationId: id,
        replyTo,
        contentType: 'application/json',
        expiration: String(CALL_TIMEOUT_MS),
      });
      if (!ok && !drained) drained = new Promise((r) => ch.once('drain', () => ((drained = undefined), r())));
    });
  };

  const labels = new Map<Size, string>();
  return {
    async call(size) {
      let label = labels.get(size);
      if (label === undefined) labels.set(size, (label = labelOf(size)));
      checkJsonReply(size, await request(jsonRequest(size, label)), label);
    },
    async close() {
      for (const w of pending.values()) clearTimeout(w.timer);
      if (mode === 'queue') await ch.deleteQueue(replyQueue);
      await conn.close();
    },
  };
}

/** The hand-written server: prefetch, an async handler, reply then ack. */
export async function amqplibServer(url: string, queue: string): Promise<BenchServer> {
  const conn = await amqp.connect(url, { noDelay: true });
  const ch = await conn.createChannel();
  await ch.assertQueue(queue, { durable: true });
  await ch.prefetch(SERVER_PREFETCH);
  let handled = 0;
  const handle = async (req: JsonRequest): Promise<JsonReply> => jsonAnswer(req);
  const { consumerTag } = await ch.consume(queue, (msg) => {
    if (!msg) return;
    const { replyTo, correlationId } = msg.properties as { replyTo?: string; correlationId?: string };
    void (async () => {
      try {
        const reply = await handle(JSON.parse(msg.content.toString()) as JsonRequest);
        if (replyTo) ch.publish('', replyTo, Buffer.from(JSON.stringify(reply)), { correlationId, contentType: 'application/json' });
      } catch (err) {
        if (replyTo) ch.publish('', replyTo, Buffer.from(JSON.stringify({ error: String(err) })), { correlationId });
      }
      ch.ack(msg);
      handled++;
    })();
  });
  return {
    get handled() {
      return handled;
    },
    async close() {
      await ch.cancel(consumerTag);
      await ch.deleteQueue(queue);
      await conn.close();
    },
  };
}
