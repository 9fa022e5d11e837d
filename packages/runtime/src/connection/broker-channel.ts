/**
 * The slice of an AMQP 0-9-1 channel warren's client and server use. An amqplib channel
 * satisfies it as it is; the in-memory broker implements it too, so the client and server
 * code is the same on both.
 */

/** Message properties warren reads and writes (the AMQP basic properties it uses). */
export interface MessageProperties {
  correlationId?: string | undefined;
  replyTo?: string | undefined;
  contentType?: string | undefined;
  type?: string | undefined;
  expiration?: string | number | undefined;
  messageId?: string | undefined;
  /** The publisher's user; RabbitMQ refuses a publish whose `user_id` is not the connection's login. */
  userId?: string | undefined;
  timestamp?: number | undefined;
  deliveryMode?: number | undefined;
  headers?: Record<string, unknown> | undefined;
}

/** A message as a consumer receives it. */
export interface Delivery {
  content: Buffer;
  fields: { deliveryTag: number; redelivered: boolean; exchange: string; routingKey: string };
  properties: MessageProperties;
}

/** A message the broker returned because no queue was bound (`mandatory`). */
export interface ReturnedMessage {
  content: Buffer;
  fields: { replyCode: number; replyText: string; exchange: string; routingKey: string };
  properties: MessageProperties;
}

/** Options for declaring a queue. */
export interface QueueOptions {
  durable?: boolean;
  exclusive?: boolean;
  autoDelete?: boolean;
  arguments?: Record<string, unknown>;
}

/** Options for publishing. */
export interface PublishOptions extends MessageProperties {
  mandatory?: boolean;
}

/** How a channel is opened. */
export interface ChannelOptions {
  /** Publisher confirms (`confirm.select`): every publish is acked or nacked by the broker. */
  confirm?: boolean;
}

/** The channel operations warren needs. */
export interface BrokerChannel {
  assertQueue(queue: string, options?: QueueOptions): Promise<{ queue: string; messageCount: number; consumerCount: number }>;
  /** A passive declare: the queue's counts; a missing queue (404) closes the channel. */
  checkQueue(queue: string): Promise<{ queue: string; messageCount: number; consumerCount: number }>;
  prefetch(count: number): Promise<unknown>;
  consume(
    queue: string,
    onMessage: (msg: Delivery | null) => void,
    options?: { noAck?: boolean; exclusive?: boolean },
  ): Promise<{ consumerTag: string }>;
  cancel(consumerTag: string): Promise<unknown>;
  /**
   * Returns false when the channel's buffer is full: wait for `drain` before publishing more.
   * On a channel opened with `confirm`, `confirmed` is called once: with null when the broker
   * took the message, with an error when it refused it (`basic.nack`) or the channel closed first.
   */
  publish(exchange: string, routingKey: string, content: Buffer, options?: PublishOptions, confirmed?: (err: unknown) => void): boolean;
  /** Acks `message`; with `allUpTo`, every unacked delivery of this channel up to it as well. */
  ack(message: Delivery, allUpTo?: boolean): void;
  nack(message: Delivery, allUpTo?: boolean, requeue?: boolean): void;
  close(): Promise<void>;
  on(event: 'return', listener: (msg: ReturnedMessage) => void): this;
  on(event: 'drain', listener: () => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  once(event: 'drain', listener: () => void): this;
  removeListener(event: string, listener: (...args: never[]) => void): this;
}
