/**
 * close() that lands while a connection attempt is still in flight (its AMQP handshake not
 * done) must not leave that connection open when the handshake completes: nobody would close
 * it, and its socket would keep the process alive. The attempt is held in flight by a TCP
 * proxy that accepts and reads nothing until released.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@warren/runtime';
import { Header } from '@warren/runtime/protocol';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const BROKER_PORT = Number(new URL(AMQP_URL).port || 5672);

async function until(what: string, check: () => boolean, limitMs = 10_000): Promise<void> {
  for (const end = Date.now() + limitMs; !check(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('close() while a connection attempt is in flight', () => {
  it('a reconnect that completes after close() is closed at once', async () => {
    const proxy = await TcpProxy.start(BROKER_PORT);
    const url = `amqp://guest:guest@127.0.0.1:${proxy.port}`;
    const conn = await testConnection({ logger: silentLogger, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } }, url);
    try {
      let downs = 0;
      conn.watch({ down: () => downs++ });
      proxy.hold();
      proxy.cut(); // drops the connection; the reconnect is accepted and held
      proxy.resume();
      await until('the reconnect is held in flight', () => downs === 1 && proxy.held >= 1);
      await conn.close();
      proxy.release();
      await new Promise((r) => setTimeout(r, 1_500)); // the handshake completes meanwhile
      assert.equal(proxy.live, 0, 'no connection through the proxy is left open');
    } finally {
      await conn.close();
      await proxy.close();
    }
  });

  it('the reply connection, opening when its server connection closes, is closed at once', async () => {
    const proxy = await TcpProxy.start(BROKER_PORT);
    const url = `amqp://guest:guest@127.0.0.1:${proxy.port}`;
    const queue = uniqueQueue('close-connecting');
    const conn = await testConnection({ logger: silentLogger }, url);
    try {
      const server = await serveCalculator(conn, calculatorHandlers, { queue });
      assert.equal(proxy.live, 1);
      proxy.hold();
      // A request whose reply goes to a direct reply-to address: the server opens its reply
      // connection (held here) to publish it.
      await withAmqp(async (ch) => {
        ch.publish('', queue, Buffer.from([0x08, 0x01]), {
          correlationId: 'c1',
          replyTo: 'amq.rabbitmq.reply-to.g2dkAAA=.nobody',
          type: 'calculator.v1.Calculator.Calculate',
          contentType: 'application/x-protobuf',
          headers: { [Header.deadline]: String(Date.now() + 30_000) },
        });
        await ch.waitForConfirms();
      });
      await until('the reply connection is held in flight', () => proxy.held >= 1);
      await server.close({ timeoutMs: 1_000 });
      await conn.close();
      proxy.release();
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(proxy.live, 0, 'no connection through the proxy is left open');
    } finally {
      await conn.close();
      await proxy.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });
});
