import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { AMQP_URL } from '../support/broker.js';

/** A reply as a raw caller sees it: the status header (absent means OK) and the body. */
export interface RawReply {
  status: string;
  body: Buffer;
  /** The error message of an error reply (its JSON body's `message`), else ''. */
  message: string;
}

/**
 * Publishes one request straight onto `queue` with plain amqplib, as a remote caller that
 * skips warren's client (and its checks) would, and waits for the reply on direct reply-to.
 */
export async function rawCall(queue: string, type: string, body: Uint8Array, contentType: string): Promise<RawReply> {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createChannel();
    let settle!: (msg: amqp.ConsumeMessage) => void;
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<amqp.ConsumeMessage>((resolve, reject) => {
      settle = resolve;
      timer = setTimeout(() => reject(new Error(`no reply to the raw ${type} request within 10 s`)), 10_000);
    });
    // Direct reply-to: the consumer must exist (consume-ok received) before the publish.
    await ch.consume('amq.rabbitmq.reply-to', (msg) => msg && settle(msg), { noAck: true });
    ch.publish('', queue, Buffer.from(body), {
      correlationId: randomUUID(),
      replyTo: 'amq.rabbitmq.reply-to',
      contentType,
      type,
      expiration: '10000',
      headers: { 'x-warren-deadline': String(Date.now() + 10_000), 'x-warren-protocol': '1' },
    });
    const msg = await reply.finally(() => clearTimeout(timer));
    const status = String(msg.properties.headers?.['x-warren-status'] ?? 'OK');
    let message = '';
    if (status !== 'OK') message = (JSON.parse(msg.content.toString('utf8')) as { message: string }).message;
    return { status, body: msg.content, message };
  } finally {
    await conn.close();
  }
}
