/**
 * Wire-protocol constants: property values and header names every peer uses.
 * docs/protocol.md is the normative description; this file must agree with it.
 */

/** The protocol version sent in {@link Header.protocol}; a server answers FAILED_PRECONDITION to another major. */
export const PROTOCOL_VERSION = '1';

/** Header names on requests and replies. */
export const Header = {
  /** Request: absolute deadline, milliseconds since the Unix epoch, as a decimal string. */
  deadline: 'x-warren-deadline',
  /** Request: protocol major version; absent means 1, so version-1 callers need not send it. */
  protocol: 'x-warren-protocol',
  /** Request: W3C trace context; callers set it through CallOptions.headers, handlers read it from context.headers. */
  traceparent: 'traceparent',
  /** Reply: the error code name; absent on success (which may also say `OK`). */
  status: 'x-warren-status',
  /** Request: delivery count kept by warren servers on classic queues (poison-message limit). */
  deliveryCount: 'x-warren-delivery-count',
  /** Stream messages (protocol 1.1): `data`, `batch`, `end`, `credit` or `cancel` (docs/protocol.md 8). */
  stream: 'x-warren-stream',
  /** Stream data and batch: the number of the (first) item, from 0; on end, the number of items sent. */
  seq: 'x-warren-seq',
  /** Stream request and credit message: how many more items the server may send. */
  credit: 'x-warren-stream-credit',
  /** Stream request: `"1"` when the caller accepts batch messages (docs/protocol.md 8.2). */
  batch: 'x-warren-stream-batch',
  /** Stream batch message: how many items its body holds. */
  items: 'x-warren-stream-items',
} as const;

/** The protocol version a streaming request carries in {@link Header.protocol}. */
export const STREAM_PROTOCOL_VERSION = '1.1';

/** Request header RabbitMQ's quorum queues set on a redelivery: the number of earlier deliveries. */
export const QUORUM_DELIVERY_COUNT = 'x-delivery-count';

/** Content types a warren body can have. */
export const ContentType = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
} as const;

/** The pseudo-queue RabbitMQ offers for direct reply-to. */
export const DIRECT_REPLY_QUEUE = 'amq.rabbitmq.reply-to';
