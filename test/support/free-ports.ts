import { createServer } from 'node:net';

/**
 * `count` ports in `min`..`max` that are free on 127.0.0.1, each with port + `offset` free too
 * (a RabbitMQ node's distribution port), starting at a random place so that test files
 * running at the same time rarely try the same ones.
 */
export async function freePorts(count: number, min: number, max: number, offset: number): Promise<number[]> {
  const ports: number[] = [];
  const span = max - min + 1;
  const start = Math.floor(Math.random() * span);
  for (let k = 0; k < span && ports.length < count; k++) {
    const port = min + ((start + k) % span);
    if ((await isFree(port)) && (await isFree(port + offset))) ports.push(port);
  }
  if (ports.length < count) throw new Error(`fewer than ${count} free ports in ${min}-${max} (with +${offset})`);
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
