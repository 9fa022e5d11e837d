import type { BrokerChannel } from '../connection/broker-channel.js';
import type { QueueType } from './server-options.js';

/** The queue where requests that exhausted their deliveries are kept for inspection. */
export function deadLetterQueue(queue: string): string {
  return `${queue}.dead-letter`;
}

/**
 * @internal Declares a service's durable request queue and its dead-letter queue. Every
 * peer must declare them with these arguments (docs/protocol.md), or RabbitMQ refuses.
 */
export async function declareRequestQueue(
  channel: BrokerChannel,
  queue: string,
  type: QueueType,
  maxDeliveries: number,
): Promise<void> {
  const dead = deadLetterQueue(queue);
  await channel.assertQueue(dead, { durable: true, arguments: type === 'quorum' ? { 'x-queue-type': 'quorum' } : {} });
  const args: Record<string, unknown> =
    type === 'quorum'
      ? {
          'x-queue-type': 'quorum',
          'x-delivery-limit': maxDeliveries,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': dead,
          // At-least-once dead-lettering: without both, RabbitMQ silently falls back to
          // at-most-once, and a poison request can vanish on the way to the dead-letter queue.
          'x-dead-letter-strategy': 'at-least-once',
          'x-overflow': 'reject-publish',
        }
      : {};
  await channel.assertQueue(queue, { durable: true, arguments: args });
}
