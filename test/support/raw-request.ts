import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { ContentType, DIRECT_REPLY_QUEUE, Header } from '@warren/runtime/protocol';
import { CalculatorService } from '../../generated/calculator.js';
import { AMQP_URL } from './broker.js';

/** How to publish one raw request; everything has a default that a calculator server accepts. */
export interface RawRequestOptions {
  /** The broker and user to publish as (default AMQP_URL). */
  url?: string;
  /** The body as bytes, or text sent as UTF-8 (default Calculate { n: 21 } in protobuf). */
  body?: Uint8Array | string;
  /** The AMQP `type`, the method's full name (default calculator.v1.Calculator.Calculate). */
  type?: string;
  /** The AMQP `content_type` (default protobuf). */
  contentType?: string;
  /** Headers merged over the default `x-warren-deadline` of now + 10 s. */
  headers?: Record<string, unknown>;
  /** The AMQP `reply_to` (default direct reply-to); null leaves the property off. */
  replyTo?: string | null;
  /** The AMQP `user_id`; none unless given. */
  userId?: string;
  /** The AMQP `correlation_id` (default a fresh UUID); null leaves the property off. */
  correlationId?: string | null;
  /** How long to wait for a reply or a channel error before resolving with neither (default 3 s). */
  waitMs?: number;
}

/** A reply as a raw caller sees it. */
export interface RawReply {
  /** The `x-warren-status` header as it came (undefined on a success without one). */
  status: unknown;
  /** The status as text: 'OK' when the header is absent. */
  statusText: string;
  /** The body JSON-parsed when it parses, else its UTF-8 text. */
  body: unknown;
  /** The body's bytes. */
  raw: Buffer;
  /** An error reply's message (its JSON body's `message`), else ''. */
  message: string;
}

/** What became of a raw request: a reply, a broker channel error (e.g. 406 for a forged user_id), or neither. */
export interface RawOutcome {
  reply?: RawReply;
  channelError?: Error & { code?: number };
}

/**
 * Publishes one request onto `queue` with plain amqplib, as any peer could (no warren client,
 * so none of its checks), and resolves with the reply on direct reply-to, the channel error
 * the broker closed the channel with, or neither after `waitMs`. Never rejects for what the
 * broker does, and always closes its connection.
 */
export async function rawRequest(queue: string, options: RawRequestOptions = {}): Promise<RawOutcome> {
  const conn = await amqp.connect(options.url ?? AMQP_URL);
  conn.on('error', () => undefined); // a channel error may be echoed here; the outcome reports it
  try {
    const ch = await conn.createConfirmChannel();
    const outcome = await new Promise<RawOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({}), options.waitMs ?? 3_000);
      const settle = (result: RawOutcome): void => {
        clearTimeout(timer);
        resolve(result);
      };
      ch.on('error', (err: Error & { code?: number }) => settle({ channelError: err }));
      // Direct reply-to: the consumer must exist (consume-ok received) before the publish.
      ch.consume(DIRECT_REPLY_QUEUE, (msg) => msg && settle({ reply: readReply(msg) }), { noAck: true }).then(
        () => publish(ch, queue, options),
        () => undefined, // a refused consume closes the channel, and its 'error' settles
      );
    });
    // Confirms mean the request reached its queue before the connection goes.
    if (!outcome.channelError) await ch.waitForConfirms().catch(() => undefined);
    return outcome;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

function publish(ch: amqp.ConfirmChannel, queue: string, options: RawRequestOptions): void {
  const body = options.body ?? CalculatorService.methods.calculate.requestCodec.encode({ n: 21n });
  const properties: amqp.Options.Publish = {
    type: options.type ?? 'calculator.v1.Calculator.Calculate',
    contentType: options.contentType ?? ContentType.protobuf,
    headers: { [Header.deadline]: String(Date.now() + 10_000), ...options.headers },
  };
  if (options.replyTo !== null) properties.replyTo = options.replyTo ?? DIRECT_REPLY_QUEUE;
  if (options.correlationId !== null) properties.correlationId = options.correlationId ?? randomUUID();
  if (options.userId !== undefined) properties.userId = options.userId;
  try {
    ch.publish('', queue, typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body), properties);
  } catch {
    // the channel closed meanwhile: its 'error' settles the outcome
  }
}

function readReply(msg: amqp.ConsumeMessage): RawReply {
  const status: unknown = msg.properties.headers?.[Header.status];
  const text = msg.content.toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a success body that is not JSON (protobuf)
  }
  const statusText = String(status ?? 'OK');
  const errorMessage = statusText !== 'OK' ? (body as { message?: unknown } | null)?.message : undefined;
  return { status, statusText, body, raw: msg.content, message: typeof errorMessage === 'string' ? errorMessage : '' };
}
