import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { ContentType, Header } from '@warren/runtime/protocol';
import { CalculatorService } from '../../generated/calculator.js';

/**
 * A hostile peer's publish, byte by byte: the content header frame is written by hand, so its
 * header table may be anything RabbitMQ lets through, where amqplib's encoder stops at 64 KiB
 * and encodes only what it can decode. The method and body frames are ordinary.
 */

/** One field of a header table: `name`, a type tag and the value's bytes as they go on the wire. */
export function field(name: string, tag: string, value: Buffer = Buffer.alloc(0)): Buffer {
  const n = Buffer.from(name, 'utf8');
  return Buffer.concat([Buffer.from([n.length]), n, Buffer.from(tag, 'latin1'), value]);
}

/** A long string field (`S`). */
export function stringField(name: string, value: string): Buffer {
  const v = Buffer.from(value, 'utf8');
  return field(name, 'S', Buffer.concat([u32(v.length), v]));
}

/** A table whose one field `a` holds a table holding a table ... `depth` tables in all (the outer one included). */
export function nestedTable(depth: number): Buffer {
  let inner = Buffer.alloc(0);
  for (let i = 1; i < depth; i++) inner = Buffer.concat([field('a', 'F'), u32(inner.length), inner]);
  return inner;
}

/** A table whose one field `a` is an array holding an array ... `depth` levels in all (the table included). */
export function nestedArray(depth: number): Buffer {
  let inner = Buffer.alloc(0);
  for (let i = 2; i < depth; i++) inner = Buffer.concat([Buffer.from('A', 'latin1'), u32(inner.length), inner]);
  return Buffer.concat([field('a', 'A'), u32(inner.length), inner]);
}

/** A frame: type, channel, payload, frame end. */
function frame(type: number, channel: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(7);
  head[0] = type;
  head.writeUInt16BE(channel, 1);
  head.writeUInt32BE(payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([0xce])]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function shortString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length]), b]);
}

/** Basic properties with `table` (the fields, without the length) as the header table. */
interface RawProperties {
  contentType?: string;
  table: Buffer;
  correlationId?: string;
  replyTo?: string;
  type?: string;
}

function headerFrame(channel: number, bodySize: number, p: RawProperties): Buffer {
  const parts: Buffer[] = [];
  let flags = 0;
  // Property order and flag bits of AMQP 0-9-1 basic properties.
  if (p.contentType !== undefined) (flags |= 0x8000), parts.push(shortString(p.contentType));
  (flags |= 0x2000), parts.push(u32(p.table.length), p.table);
  if (p.correlationId !== undefined) (flags |= 0x0400), parts.push(shortString(p.correlationId));
  if (p.replyTo !== undefined) (flags |= 0x0200), parts.push(shortString(p.replyTo));
  if (p.type !== undefined) (flags |= 0x0020), parts.push(shortString(p.type));
  const head = Buffer.alloc(14);
  head.writeUInt16BE(60, 0); // class basic
  head.writeBigUInt64BE(BigInt(bodySize), 4);
  head.writeUInt16BE(flags, 12);
  return frame(2, channel, Buffer.concat([head, ...parts]));
}

interface Internals {
  connection: { stream: { write(b: Buffer): boolean } };
}

/** Writes basic.publish, a hand-made content header and the body on `ch`'s channel of `model`. */
export function publishRaw(model: amqp.ChannelModel, ch: amqp.Channel, routingKey: string, p: RawProperties, body: Buffer): void {
  const n = (ch as unknown as { ch: number }).ch;
  const rk = Buffer.from(routingKey, 'utf8');
  // basic.publish (60, 40): ticket 0, exchange '', routing key, no mandatory/immediate bits.
  const args = Buffer.concat([Buffer.from([0, 60, 0, 40, 0, 0, 0]), Buffer.from([rk.length]), rk, Buffer.from([0])]);
  const frames = [frame(1, n, args), headerFrame(n, body.length, p), frame(3, n, body)];
  (model as unknown as Internals).connection.stream.write(Buffer.concat(frames));
}

/** What a hostile request got back: the error reply's status and message, or nothing within `waitMs`. */
export interface RawFrameOutcome {
  status?: string;
  message?: string;
}

/**
 * Publishes one Calculate request onto `queue` with `table` as its header table (plus the
 * other properties a warren server needs), and resolves with the reply or nothing after
 * `waitMs`. The reply comes to a queue of its own, not direct reply-to: RabbitMQ rewrites a
 * direct reply-to address and so re-encodes the header table (turning type `L` into `l`),
 * and the hostile table must arrive as it was sent.
 */
export async function hostileRequest(url: string, queue: string, table: Buffer, waitMs = 5_000): Promise<RawFrameOutcome> {
  const model = await amqp.connect(url);
  model.on('error', () => undefined);
  try {
    const ch = await model.createChannel();
    const { queue: replyTo } = await ch.assertQueue('', { exclusive: true });
    const outcome = new Promise<RawFrameOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({}), waitMs);
      void ch.consume(
        replyTo,
        (msg) => {
          if (!msg) return;
          clearTimeout(timer);
          const status = String(msg.properties.headers?.[Header.status] ?? 'OK');
          const body = status === 'OK' ? {} : (JSON.parse(msg.content.toString('utf8')) as { message?: string });
          resolve({ status, message: body.message ?? '' });
        },
        { noAck: true },
      );
    });
    await ch.checkQueue(queue); // the consume-ok is in before the request goes
    const body = Buffer.from(CalculatorService.methods.calculate.requestCodec.encode({ n: 21n }));
    const properties = { contentType: ContentType.protobuf, table, correlationId: randomUUID(), replyTo, type: 'calculator.v1.Calculator.Calculate' };
    publishRaw(model, ch, queue, properties, body);
    return await outcome;
  } finally {
    await model.close().catch(() => undefined);
  }
}
