import { headerCount } from '../header-text.js';
import { Header, QUORUM_DELIVERY_COUNT } from '../protocol.js';
import { RpcError } from '../rpc-error.js';
import type { BrokerChannel, Delivery } from '../connection/broker-channel.js';
import type { Logger } from '../logger.js';
import { deadlineOf } from './deadline-of.js';
import { deadLetterQueue } from './request-queue.js';
import type { QueueType } from './server-options.js';


/**
 * @internal Bounds how often a request that kills its servers is delivered (docs/protocol.md,
 * poison messages). Classic queues do not count deliveries, so a redelivered request is
 * republished with its count in a header; quorum queues count for us. Once the count reaches
 * `maxDeliveries` the request goes to `<queue>.dead-letter` and its caller gets INTERNAL.
 */
export class DeliveryLimit {
  deadLettered = 0;

  constructor(
    private readonly queue: string,
    private readonly queueType: QueueType,
    private readonly maxDeliveries: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Returns true when it consumed the delivery (dead-lettered or republished it, then `ack`ed
   * it); the caller then must not handle it. `reply` answers the caller with an error.
   */
  intercept(channel: BrokerChannel, msg: Delivery, reply: (error: RpcError) => void, ack: (msg: Delivery) => void): boolean {
    if (!msg.fields.redelivered) return false;
    const headers = { ...msg.properties.headers };
    // Read like every warren header; a count nobody can read counts as none (never negative,
    // so a forged header cannot buy a request extra deliveries).
    const count =
      this.queueType === 'quorum'
        ? (headerCount(headers[QUORUM_DELIVERY_COUNT]) ?? 0)
        : (headerCount(headers[Header.deliveryCount]) ?? 0) + 1;
    if (count < this.maxDeliveries) {
      if (this.queueType === 'quorum') return false; // the broker keeps counting
      headers[Header.deliveryCount] = count;
      const deadline = deadlineOf(headers);
      const remaining = Number.isFinite(deadline) ? String(Math.max(0, deadline - Date.now())) : undefined;
      channel.publish('', this.queue, msg.content, { ...msg.properties, headers, expiration: remaining });
      ack(msg);
      return true;
    }
    headers[Header.deliveryCount] = count;
    this.deadLettered++;
    this.logger.error('request dead-lettered after repeated deliveries that ended without an answer', {
      queue: this.queue,
      type: msg.properties.type,
      correlationId: msg.properties.correlationId,
      deliveries: count,
    });
    // No expiration: a dead-lettered request stays for inspection instead of expiring.
    channel.publish('', deadLetterQueue(this.queue), msg.content, { ...msg.properties, headers, expiration: undefined });
    // Retire the request first: the reply is best effort and must never stand between a
    // request and its ack (a reply the broker chokes on would otherwise redeliver it forever).
    ack(msg);
    reply(new RpcError('INTERNAL', `request dead-lettered after ${count} deliveries that ended without an answer`));
    return true;
  }
}
