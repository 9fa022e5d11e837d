import { createServer } from 'node:net';
import { onExit } from './detached-cleanup.js';
import { tryLock, unlock } from './machine-lock.js';

// Reservations, a lock per port (machine-lock.ts): a port that is free now may be taken by
// another test file's broker a few seconds later (an Erlang node takes seconds to bind), and a
// TLS broker's port + 1 is another's candidate. Two test files starting brokers at once must
// not pick overlapping ports, so a port is used only once reserved here.

/** Reserved by this process: base port -> every port reserved with it. */
const held = new Map<number, number[]>();
let hooked = false;

/**
 * `count` ports in `min`..`max` that are free on 127.0.0.1 and reserved for this process, each
 * with port + every `offset` free and reserved too (a RabbitMQ node's distribution port,
 * +20000; a TLS listener, +1), starting at a random place. {@link releasePorts} gives them back;
 * the process's exit does too.
 */
export async function freePorts(count: number, min: number, max: number, offset: number | readonly number[]): Promise<number[]> {
  const offsets = typeof offset === 'number' ? [offset] : offset;
  const ports: number[] = [];
  const span = max - min + 1;
  const start = Math.floor(Math.random() * span);
  for (let k = 0; k < span && ports.length < count; k++) {
    const port = min + ((start + k) % span);
    const group = [port, ...offsets.map((o) => port + o)];
    if (!reserve(group)) continue;
    if (await allFree(group)) {
      held.set(port, group);
      ports.push(port);
    } else {
      unreserve(group);
    }
  }
  if (ports.length < count) {
    releasePorts(ports);
    const plus = offsets.length === 0 ? '' : ` (with +${offsets.join(', +')})`;
    throw new Error(`fewer than ${count} free ports in ${min}-${max}${plus}`);
  }
  return ports;
}

/** Gives back ports {@link freePorts} returned (with their offsets), once their broker is gone. */
export function releasePorts(ports: readonly number[]): void {
  for (const port of ports) {
    const group = held.get(port);
    if (!group) continue;
    held.delete(port);
    unreserve(group);
  }
}

/** Reserves every port of `group`, or none of them. */
function reserve(group: readonly number[]): boolean {
  if (!hooked) {
    hooked = true;
    onExit(() => releasePorts([...held.keys()]));
  }
  const taken: number[] = [];
  for (const port of group) {
    if (!tryLock(String(port))) {
      unreserve(taken);
      return false;
    }
    taken.push(port);
  }
  return true;
}

function unreserve(ports: readonly number[]): void {
  for (const port of ports) unlock(String(port));
}

async function allFree(ports: number[]): Promise<boolean> {
  for (const port of ports) if (!(await isFree(port))) return false;
  return true;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
