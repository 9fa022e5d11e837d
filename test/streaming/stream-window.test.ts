import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamWindow } from '../../packages/runtime/src/client/stream-window.js';

/** Consumes `n` items that had arrived (each of `bytes`), returning the grants made. */
function consume(window: StreamWindow, n: number, bytes = 8): number[] {
  const grants: number[] = [];
  for (let i = 0; i < n; i++) {
    window.received(bytes);
    const grant = window.consumed();
    if (grant > 0) grants.push(grant);
  }
  return grants;
}

// The caller's credit window (docs/protocol.md 8.3); the broker tests show it on the wire.
describe('a stream\'s credit window', () => {
  it('grants what was consumed at each half window while the consumer never waits (a slow consumer)', () => {
    const window = new StreamWindow(32);
    assert.deepEqual(consume(window, 100), [16, 16, 16, 16, 16, 16]);
    assert.equal(window.size, 32);
  });

  it('waiting for the first item is latency, not a small window', () => {
    const window = new StreamWindow(4);
    window.waiting();
    assert.deepEqual(consume(window, 4), [2, 2]);
    assert.equal(window.size, 4);
  });

  it('doubles at the next grant after the consumer waited, and the grant carries the growth', () => {
    const window = new StreamWindow(4);
    consume(window, 1);
    window.waiting();
    assert.deepEqual(consume(window, 1), [2 + 4]);
    assert.equal(window.size, 8);
    assert.deepEqual(consume(window, 8), [4, 4], 'no wait since: no growth');
  });

  it('stops at 1024 items, and at 1 MiB of the largest item seen', () => {
    const small = new StreamWindow(32);
    for (let i = 0; i < 20; i++) {
      consume(small, 1);
      small.waiting();
      consume(small, small.size);
    }
    assert.equal(small.size, 1024);
    const large = new StreamWindow(4);
    for (let i = 0; i < 20; i++) {
      consume(large, 1, 100_000);
      large.waiting();
      consume(large, large.size, 100_000);
    }
    assert.equal(large.size, 10, 'floor(1 MiB / 100,000 bytes): the doubling from 8 stops there');
  });

  it('shrinks back when larger items arrive, withholding credit until the window fits the cap', () => {
    const window = new StreamWindow(32);
    let taken = 0;
    for (let i = 0; i < 10; i++) {
      taken += 1;
      consume(window, 1);
      window.waiting();
      taken += window.size;
      consume(window, window.size);
    }
    assert.equal(window.size, 1024, 'grown on small items');
    // Items of 64 KiB: the cap is 16 items now, and the initial credit 32 the floor. While the
    // slow consumer reads them, what the server may still send never exceeds the window it had
    // at the last grant, and comes down to 32.
    let most = 0;
    for (let i = 0; i < 2048; i++) {
      window.received(64 * 1024);
      window.consumed();
      taken++;
      if (i >= 1024) most = Math.max(most, window.granted - taken);
    }
    assert.equal(window.size, 32);
    assert.ok(most <= 32, `${most} items of 64 KiB could still be sent ahead of the consumer`);
  });

  it('counts what it granted: the most items an honest server can have sent', () => {
    const window = new StreamWindow(4);
    assert.equal(window.granted, 4);
    consume(window, 4);
    assert.equal(window.granted, 8);
  });

  it('never shrinks below the credit asked for, whatever the items weigh', () => {
    const window = new StreamWindow(64);
    consume(window, 1, 1_000_000);
    window.waiting();
    consume(window, 64, 1_000_000);
    assert.equal(window.size, 64);
  });
});
