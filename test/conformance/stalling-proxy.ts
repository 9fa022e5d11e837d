import net from 'node:net';

/**
 * A TCP proxy to the broker whose `drop()` cuts the client's side of every connection but
 * leaves the broker's side open and silent, as a dead network path does: the client sees its
 * connection lost at once, while RabbitMQ keeps the old connection (and its exclusive queues
 * and consumers) until heartbeats time out. `close()` ends the broker's sides too.
 */
export class StallingProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();

  private constructor(server: net.Server) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }): Promise<StallingProxy> {
    const server = net.createServer();
    const proxy = new StallingProxy(server);
    server.on('connection', (client) => proxy.#relay(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Cuts every current connection on the client's side only. */
  drop(): void {
    for (const pair of this.#pairs) {
      pair.upstream.unpipe(pair.client);
      pair.client.unpipe(pair.upstream);
      pair.upstream.on('data', () => undefined); // the broker's frames go nowhere
      pair.client.destroy();
    }
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #relay(client: net.Socket, target: { host: string; port: number }): void {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    this.#pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => undefined);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      client.destroy();
      this.#pairs.delete(pair);
    });
  }
}
