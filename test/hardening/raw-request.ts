import { ContentType, Header } from '@warren/runtime';
import { CalculatorService } from '../../generated/calculator.js';
import { withAmqp } from '../support/broker.js';

/** A request published with plain amqplib, as any peer could, and its reply. */
export interface RawReply {
  status: unknown;
  body: unknown;
}

/**
 * Publishes one calculator request straight onto `queue` (default: Calculate { n: 21 }, a 10 s
 * deadline, reply to direct reply-to) with the given overrides, and resolves with its reply,
 * or undefined when none came within `waitMs`.
 */
export function rawRequest(
  queue: string,
  props: { headers?: Record<string, unknown>; body?: Buffer; replyTo?: string; type?: string; contentType?: string; userId?: string } = {},
  waitMs = 3_000,
): Promise<RawReply | undefined> {
  return withAmqp(async (ch) => {
    const reply = new Promise<RawReply | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), waitMs);
      void ch.consume(
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
          resolve({ status: msg.properties.headers?.[Header.status], body });
        },
        { noAck: true },
      );
    });
    await new Promise((r) => setTimeout(r, 30)); // let basic.consume land before publishing
    ch.publish('', queue, props.body ?? Buffer.from(CalculatorService.methods.calculate.requestCodec.encode({ n: 21n })), {
      correlationId: `raw-${Math.random()}`,
      replyTo: props.replyTo ?? 'amq.rabbitmq.reply-to',
      type: props.type ?? 'calculator.v1.Calculator.Calculate',
      contentType: props.contentType ?? ContentType.protobuf,
      userId: props.userId,
      headers: { [Header.deadline]: String(Date.now() + 10_000), ...props.headers },
    });
    return reply;
  });
}
