import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { connect, silentLogger, type ConnectOptions, type Connection } from '@warren/runtime';

/** The broker every non-destructive test uses; AMQP_URL overrides it. */
export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A queue name no other test (or earlier run) uses. */
export function uniqueQueue(prefix = 'test'): string {
  return `warren.${prefix}.${randomBytes(5).toString('hex')}`;
}

/** A warren connection that logs nothing unless WARREN_TEST_LOG is set. */
export function testConnection(options: ConnectOptions = {}, url: string | string[] = AMQP_URL): Promise<Connection> {
  return connect(url, { logger: process.env.WARREN_TEST_LOG ? undefined : silentLogger, ...options });
}

/**
 * Runs `fn` on a plain amqplib channel, for setting up and inspecting what warren cannot see.
 * It is a confirm channel, and confirms are awaited before the connection closes, so raw
 * publishes have reached their queue when this resolves.
 */
export async function withAmqp<T>(fn: (channel: amqp.ConfirmChannel) => Promise<T>, url = AMQP_URL): Promise<T> {
  const model = await amqp.connect(url);
  try {
    const channel = await model.createConfirmChannel();
    const result = await fn(channel);
    await channel.waitForConfirms();
    return result;
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** Deletes queues a test declared, so durable queues do not pile up on the broker. */
export function deleteQueues(...queues: string[]): Promise<void> {
  return withAmqp(async (ch) => {
    for (const q of queues) await ch.deleteQueue(q).catch(() => undefined);
  });
}
