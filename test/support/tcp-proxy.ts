import net from 'node:net';

/**
 * A TCP proxy to a broker, for tests about a peer that stops answering without closing the
 * socket (a hung host, a dropped network path): `freeze()` keeps every open connection but
 * forwards nothing more on it, in either direction. New connections are forwarded as usual.
 * And for a broker that is gone: `cut()` closes every connection and refuses new ones until
 * `resume()`.
 */
export class TcpProxy {
  readonly #server: net.Server;
  #target: { port: number; host: string } | undefined;
  readonly #pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  #refusing = false;
  #holding: net.Socket[] | undefined;

  private constructor(server: net.Server) {
    this.#server = server;
  }

  /** Starts a proxy on a free local port to `host:port`. */
  static async start(port: number, host = '127.0.0.1'): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => {
      if (proxy.#refusing) return client.destroy();
      if (proxy.#holding) return void (client.pause(), proxy.#holding.push(client));
      proxy.#forward(client, port, host);
    });
    proxy.#target = { port, host };
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The proxy's port, to put in a broker URL. */
  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Open connections through the proxy that are not frozen. */
  get live(): number {
    return [...this.#pairs].filter((p) => !p.frozen).length;
  }

  /** From now on, nothing is forwarded on the connections open now; they stay open. */
  freeze(): void {
    for (const pair of this.#pairs) pair.frozen = true;
  }

  /** Closes every connection through the proxy and refuses new ones until {@link resume}. */
  cut(): void {
    this.#refusing = true;
    for (const { client, upstream } of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  /**
   * New connections are accepted but nothing is read from them until {@link release}: a
   * connection attempt (its AMQP handshake) hangs in flight, as on a slow network.
   */
  hold(): void {
    this.#holding ??= [];
  }

  /** Connections accepted while holding; {@link release} forwards them. */
  get held(): number {
    return this.#holding?.length ?? 0;
  }

  /** Forwards the held connections (what they sent meanwhile included) and stops holding. */
  release(): void {
    const held = this.#holding ?? [];
    this.#holding = undefined;
    for (const client of held) {
      if (client.destroyed) continue;
      this.#forward(client, this.#target!.port, this.#target!.host);
      client.resume();
    }
  }

  /** Forwards new connections again after {@link cut}. */
  resume(): void {
    this.#refusing = false;
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #forward(client: net.Socket, port: number, host: string): void {
    const upstream = net.connect(port, host);
    const pair = { client, upstream, frozen: false };
    this.#pairs.add(pair);
    client.on('data', (chunk) => pair.frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => pair.frozen || client.write(chunk));
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }
}
