import type { Delivery, MessageProperties, PublishOptions } from '../connection/broker-channel.js';
import { ChannelFailure } from './channel-failure.js';

/** @internal A message as the in-memory broker keeps it: its own copy of body and properties. */
export interface StoredMessage {
  readonly content: Buffer;
  readonly properties: MessageProperties;
  readonly exchange: string;
  readonly routingKey: string;
  redelivered: boolean;
  /** Epoch ms after which the message is dropped instead of delivered (`expiration`). */
  readonly expiresAt: number | undefined;
}

const PROPERTY_KEYS = [
  'correlationId',
  'replyTo',
  'contentType',
  'type',
  'messageId',
  'userId',
  'timestamp',
  'deliveryMode',
] as const satisfies readonly (keyof MessageProperties)[];

/**
 * @internal Copies the properties a publisher set, as the wire would: headers are deep
 * copied, and a header value AMQP cannot carry throws, as amqplib's encoder does.
 */
export function copyProperties(options: PublishOptions | MessageProperties): MessageProperties {
  const properties: MessageProperties = {};
  for (const key of PROPERTY_KEYS) {
    if (options[key] !== undefined) (properties as Record<string, unknown>)[key] = options[key];
  }
  if (options.expiration !== undefined) properties.expiration = String(options.expiration);
  properties.headers = copyTable(options.headers ?? {}, 'headers');
  return properties;
}

function copyTable(table: Record<string, unknown>, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    if (value !== undefined) out[key] = copyValue(value, `${path}.${key}`);
  }
  return out;
}

function copyValue(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map((v, i) => copyValue(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return copyTable(value as Record<string, unknown>, path);
  }
  throw new TypeError(`${path}: an AMQP header value must be a string, number, boolean, Buffer, array or plain object, got ${typeof value}`);
}

/**
 * @internal The epoch ms at which a message published now with `expiration` expires, or a
 * ChannelFailure when RabbitMQ would refuse the value (it must be a non-negative integer).
 */
export function expiresAt(expiration: string | undefined, now: number): number | undefined | ChannelFailure {
  if (expiration === undefined) return undefined;
  if (!/^\d+$/.test(expiration)) {
    return new ChannelFailure(406, `invalid expiration '${expiration}': expected a non-negative integer of ms, such as '5000'`);
  }
  return now + Number(expiration);
}

/** @internal A stored message as one consumer receives it, under that channel's delivery tag. */
export function toDelivery(message: StoredMessage, deliveryTag: number): Delivery {
  return {
    content: Buffer.from(message.content), // each consumer gets its own copy, as off the wire
    fields: { deliveryTag, redelivered: message.redelivered, exchange: message.exchange, routingKey: message.routingKey },
    properties: copyProperties(message.properties),
  };
}
