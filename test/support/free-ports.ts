import { createServer } from 'node:net';

/**
 * `count` ports in `min`..`max` that are free on 127.0.0.1, each with port + every `offset`
 * free too (a RabbitMQ node's distribution port, +20000; a TLS listener, +1), starting at a
 * random place so that test files running at the same time rarely try the same ones.
 */
export async function freePorts(count: number, min: number, max: number, offset: number | readonly number[]): Promise<number[]> {
  const offsets = typeof offset === 'number' ? [offset] : offset;
  const ports: number[] = [];
  const span = max - min + 1;
  const start = Math.floor(Math.random() * span);
  for (let k = 0; k < span && ports.length < count; k++) {
    const port = min + ((start + k) % span);
    if ((await isFree(port)) && (await allFree(offsets.map((o) => port + o)))) ports.push(port);
  }
  if (ports.length < count) throw new Error(`fewer than ${count} free ports in ${min}-${max} (with +${offsets.join(', +')})`);
  return ports;
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
