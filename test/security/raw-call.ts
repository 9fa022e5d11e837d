import amqp from 'amqplib';
import { ContentType, Header } from '@warren/runtime';
import { CalculatorService } from '../../generated/calculator.js';

/** What became of a request published with plain amqplib. */
export interface RawOutcome {
  /** The reply's status header and body (JSON text parsed), when a reply came. */
  reply?: { status: unknown; body: unknown };
  /** The broker's channel error (e.g. 406 for a forged user_id), when it closed the channel. */
  channelError?: Error & { code?: number };
}

/**
 * Publishes one Calculate { n: 21 } request onto `queue` over `url` with plain amqplib, as
 * any peer could, with `userId` as the AMQP `user_id` property when given (none otherwise),
 * and waits up to `waitMs` for a reply on direct reply-to or for the broker to close the channel.
 */
export async function rawCall(url: string, queue: string, userId?: string, waitMs = 3_000): Promise<RawOutcome> {
  const conn = await amqp.connect(url);
  conn.on('error', () => undefined);
  try {
    const ch = await conn.createConfirmChannel();
    return await new Promise<RawOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({}), waitMs);
      ch.on('error', (err: Error & { code?: number }) => {
        clearTimeout(timer);
        resolve({ channelError: err });
      });
      void ch
        .consume(
          'amq.rabbitmq.reply-to',
          (msg) => {
            if (!msg) return;
            clearTimeout(timer);
            const text = msg.content.toString();
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // a success body (protobuf)
            }
            resolve({ reply: { status: msg.properties.headers?.[Header.status], body } });
          },
          { noAck: true },
        )
        .then(() => {
          ch.publish('', queue, Buffer.from(CalculatorService.methods.calculate.requestCodec.encode({ n: 21n })), {
            correlationId: `raw-${Math.random()}`,
            replyTo: 'amq.rabbitmq.reply-to',
            type: 'calculator.v1.Calculator.Calculate',
            contentType: ContentType.protobuf,
            headers: { [Header.deadline]: String(Date.now() + 10_000) },
            ...(userId === undefined ? {} : { userId }),
          });
        }, () => undefined);
    });
  } finally {
    await conn.close().catch(() => undefined);
  }
}
