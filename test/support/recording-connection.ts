import type { BrokerChannel, ChannelOptions, Connection, Delivery, PublishOptions } from '@warren/runtime';

/** One channel operation, in the order the runtime called it. */
export type ChannelOp =
  | { op: 'deliver'; channel: number; deliveryTag: number; correlationId: string | undefined }
  | { op: 'publish'; channel: number; routingKey: string; correlationId: string | undefined; replyTo: string | undefined }
  /** An ack, with the correlation ids of every delivery it settles (`allUpTo` settles several). */
  | { op: 'ack'; channel: number; deliveryTag: number; allUpTo: boolean; correlationIds: (string | undefined)[] };

/** Return false to swallow the operation (it is recorded, then not passed on): a crash between two steps. */
export type OpFilter = (op: ChannelOp) => boolean;

/**
 * Wraps a connection so that every channel it opens records its publishes, deliveries and
 * acks in one list, in call order. This observes the runtime's calls on the real channel
 * (RabbitMQ's or memory()'s); nothing the broker decides is replaced. Everything other than
 * `openChannel` and `publishReply` is passed through, so the wrapper keeps working as
 * Connection grows.
 */
export function recordingConnection(conn: Connection, filter: OpFilter = () => true): { conn: Connection; ops: ChannelOp[] } {
  const ops: ChannelOp[] = [];
  let channels = 0;
  const wrapped = new Proxy(conn, {
    get(target, prop) {
      if (prop === 'openChannel') {
        return async (options?: ChannelOptions) => recordChannel(await target.openChannel(options), ++channels, ops, filter);
      }
      if (prop === 'publishReply' && target.publishReply) {
        // Replies a connection sends on a channel of its own (direct reply-to): recorded as
        // publishes on "channel 0", in the same list, so their order against acks shows.
        const publishReply = target.publishReply.bind(target);
        return (routingKey: string, content: Buffer, options: PublishOptions, deadline: number) => {
          ops.push({ op: 'publish', channel: 0, routingKey, correlationId: options.correlationId, replyTo: options.replyTo });
          if (filter(ops[ops.length - 1]!)) publishReply(routingKey, content, options, deadline);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { conn: wrapped, ops };
}

function recordChannel(channel: BrokerChannel, id: number, ops: ChannelOp[], filter: OpFilter): BrokerChannel {
  /** Delivery tag -> correlation id, for deliveries not acked yet. */
  const unacked = new Map<number, string | undefined>();
  const record = (op: ChannelOp): boolean => {
    ops.push(op);
    return filter(op);
  };
  const overrides: Partial<BrokerChannel> = {
    consume(queue, onMessage, options) {
      return channel.consume(
        queue,
        (msg: Delivery | null) => {
          if (msg && options?.noAck !== true) {
            unacked.set(msg.fields.deliveryTag, msg.properties.correlationId);
            record({ op: 'deliver', channel: id, deliveryTag: msg.fields.deliveryTag, correlationId: msg.properties.correlationId });
          }
          onMessage(msg);
        },
        options,
      );
    },
    publish(exchange: string, routingKey: string, content: Buffer, options?: PublishOptions, confirmed?: (err: unknown) => void) {
      const op: ChannelOp = { op: 'publish', channel: id, routingKey, correlationId: options?.correlationId, replyTo: options?.replyTo };
      if (record(op)) return channel.publish(exchange, routingKey, content, options, confirmed);
      if (confirmed) setImmediate(confirmed, null); // dropped here, as if the broker took it and lost it
      return true;
    },
    ack(message: Delivery, allUpTo = false) {
      const tag = message.fields.deliveryTag;
      const tags = allUpTo ? [...unacked.keys()].filter((t) => t <= tag) : [tag];
      const correlationIds = tags.map((t) => unacked.get(t));
      for (const t of tags) unacked.delete(t);
      if (record({ op: 'ack', channel: id, deliveryTag: tag, allUpTo, correlationIds })) channel.ack(message, allUpTo);
    },
  };
  return new Proxy(channel, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop as keyof BrokerChannel];
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Checks the server's order: for every request delivered, the reply published with its
 * correlation id comes before the ack that settles it, and it is acked once. Returns the
 * problems found (empty when the order is right).
 */
export function replyBeforeAckViolations(ops: readonly ChannelOp[]): string[] {
  const problems: string[] = [];
  const replied = new Set<string>();
  const acked = new Map<string, number>();
  for (const op of ops) {
    if (op.op === 'publish' && op.correlationId !== undefined && op.replyTo === undefined) replied.add(op.correlationId);
    if (op.op !== 'ack') continue;
    for (const id of op.correlationIds) {
      if (id === undefined) continue;
      if (!replied.has(id)) problems.push(`request ${id} acked before its reply was published`);
      acked.set(id, (acked.get(id) ?? 0) + 1);
    }
  }
  for (const op of ops) {
    if (op.op === 'deliver' && op.correlationId !== undefined && acked.get(op.correlationId) !== 1) {
      problems.push(`request ${op.correlationId} acked ${acked.get(op.correlationId) ?? 0} times`);
    }
  }
  return problems;
}
