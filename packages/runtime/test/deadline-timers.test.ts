import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DeadlineTimers, type Timed } from '../src/client/deadline-timers.js';

function entry(name: string, deadline: number, fired: string[]): Timed {
  return { deadline, expire: () => fired.push(name), prev: undefined, next: undefined, list: undefined };
}

it('expires entries at their deadlines, in order, per timeout, with one timer per timeout', async () => {
  const timers = new DeadlineTimers();
  const fired: string[] = [];
  const now = Date.now();
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  timers.add(entry('a50', now + 50, fired), 50);
  timers.add(entry('b50', now + 51, fired), 50);
  timers.add(entry('c20', now + 20, fired), 20);
  const removed = entry('d50', now + 52, fired);
  timers.add(removed, 50);
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length - before, 2, 'one timer per timeout');
  timers.remove(removed);
  assert.equal(timers.size, 3);
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(fired, ['c20', 'a50', 'b50']);
  assert.equal(timers.size, 0);
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before, 'no timer left');
});

it('removing the last entry of a timeout clears its timer', () => {
  const timers = new DeadlineTimers();
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const e = entry('x', Date.now() + 10_000, []);
  timers.add(e, 10_000);
  timers.remove(e);
  timers.remove(e); // twice is harmless
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before);
});
