import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcError, type Connection, type Server } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { serveTicker, TickerClient, type TickerHandlers } from '../../packages/codegen/test/golden/ts-streaming/expected/ticker.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';

// A TypeScript-interface contract's server-streaming method end to end: the code generated
// from `watch(request: QuoteRequest): AsyncIterable<Tick>` (golden case ts-streaming), JSON
// bodies validated by the generated codecs, on the real broker and on memory().

const handlers: TickerHandlers = {
  quote: ({ symbol }) => ({ symbol, price: 1, seq: 0 }),
  async *watch({ symbol }, context) {
    if (symbol === '') throw new RpcError('INVALID_ARGUMENT', 'symbol: expected a ticker symbol, for example "ACME"');
    for (let seq = 1; !context.signal.aborted; seq++) {
      if (symbol === 'HALT' && seq === 3) throw new RpcError('UNAVAILABLE', 'trading halted');
      yield { symbol, price: 100 + seq / 4, seq };
    }
  },
};

for (const broker of ['rabbitmq', 'memory'] as const) {
  describe(`a TS contract's streaming method (${broker})`, () => {
    const queue = uniqueQueue('ts-stream');
    let conn: Connection;
    let server: Server;
    let client: TickerClient;

    before(async () => {
      conn = broker === 'rabbitmq' ? await testConnection() : memory();
      server = await serveTicker(conn, handlers, { queue });
      client = new TickerClient(conn, { queue, timeoutMs: 10_000 });
    });

    after(async () => {
      await client.close();
      await server.close();
      if (broker === 'rabbitmq') await deleteQueues(queue, `${queue}.dead-letter`);
      await conn.close();
    });

    it('streams JSON items in order, past the credit window, until break', async () => {
      const ticks = [];
      for await (const tick of client.watch({ symbol: 'ACME' }, { credit: 3 })) {
        ticks.push(tick);
        if (ticks.length === 10) break;
      }
      assert.deepEqual(ticks.map((t) => t.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(ticks[0], { symbol: 'ACME', price: 100.25, seq: 1 });
      assert.deepEqual(await client.quote({ symbol: 'ACME' }), { symbol: 'ACME', price: 1, seq: 0 }, 'unary beside it');
    });

    it('ends with the handler\'s error after the items before it', async () => {
      const seqs: number[] = [];
      await assert.rejects(
        async () => {
          for await (const tick of client.watch({ symbol: 'HALT' })) seqs.push(tick.seq);
        },
        (err) => RpcError.is(err, 'UNAVAILABLE') && err.message === 'trading halted',
      );
      assert.deepEqual(seqs, [1, 2]);
    });

    it('a request that does not fit the contract fails INVALID_ARGUMENT before any item', async () => {
      const bad = { symbol: 42 } as unknown as { symbol: string };
      await assert.rejects(async () => {
        for await (const _ of client.watch(bad)) assert.fail('no item expected');
      }, (err) => RpcError.is(err, 'INVALID_ARGUMENT'));
    });
  });
}
