import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RpcError } from '@warren/runtime';
import type { IncomingCall } from '../../packages/runtime/src/server/incoming-call.js';
import { StreamSender, type StreamMessageOptions, type StreamOutlet } from '../../packages/runtime/src/server/stream-sender.js';
import { streamService } from './stream-service.js';

// The order in which one stream's messages leave the server (docs/protocol.md 8.2, 8.5), where
// a broker cannot make the timing happen on demand: a batch still waiting for its turn when the
// server closes or the caller cancels. The broker tests (server-streaming, stream-faults) show
// the same rules end to end.

/** What a sender published, as `kind:seq[:items][:status]`. */
function recorder(): { outlet: StreamOutlet; sent: string[] } {
  const sent: string[] = [];
  const outlet: StreamOutlet = {
    options: (correlationId, contentType, headers): StreamMessageOptions => ({ correlationId, contentType, replyTo: 'control', headers }),
    publish: (_to, _body, { headers }) => {
      sent.push([headers['x-warren-stream'], headers['x-warren-seq'], headers['x-warren-stream-items'], headers['x-warren-status']].filter((x) => x !== undefined).join(':'));
    },
    finished: () => undefined,
  };
  return { outlet, sent };
}

function sender(outlet: StreamOutlet, items: AsyncIterable<unknown>, aborted: unknown[] = []): StreamSender {
  const call = {
    correlationId: 'k.1',
    replyTo: 'reply',
    headers: { 'x-warren-stream-batch': '1' },
    deadlineMs: Number.POSITIVE_INFINITY,
    release: () => undefined,
    abort: (reason: unknown) => aborted.push(reason),
  } as unknown as IncomingCall;
  return new StreamSender(outlet, {
    method: streamService('q').methods.count,
    items,
    call,
    credit: 100,
    limits: { maxDepth: 100 },
    maxReplyBytes: 1 << 20,
    classify: (err) => (RpcError.is(err) ? err : new RpcError('INTERNAL', String(err))),
  });
}

/** Yields five items at once, then calls `then` and waits for its signal, as handlers do. */
async function* fiveThen(then: () => void, aborted: unknown[]) {
  for (let i = 1n; i <= 5n; i++) yield { result: i };
  then();
  while (aborted.length === 0) await nextTurn();
}

describe('a stream sender\'s batches', () => {
  it('a server closing sends the batch still waiting, then its end, in that order', async () => {
    const { outlet, sent } = recorder();
    const aborted: unknown[] = [];
    const why = new RpcError('UNAVAILABLE', 'server shutting down');
    const s: StreamSender = sender(outlet, fiveThen(() => s.stop(why, why), aborted), aborted);
    await s.run();
    assert.deepEqual(sent, ['batch:0:5', 'end:5:UNAVAILABLE']);
    assert.deepEqual(aborted, [why]);
  });

  it('a cancel drops the batch still waiting: nothing is sent after it, on this turn or the next', async () => {
    const { outlet, sent } = recorder();
    const aborted: unknown[] = [];
    const s: StreamSender = sender(outlet, fiveThen(() => s.stop(new RpcError('CANCELLED', 'cancelled')), aborted), aborted);
    await s.run();
    await nextTurn();
    assert.deepEqual(sent, []);
  });

  it('a handler error sends the batch first, then the failed end', async () => {
    const { outlet, sent } = recorder();
    const s = sender(outlet, (async function* () {
      yield { result: 1n };
      yield { result: 2n };
      throw new RpcError('ABORTED', 'gave up');
    })());
    await s.run();
    assert.deepEqual(sent, ['batch:0:2', 'end:2:ABORTED']);
  });
});
