import * as amqp from 'amqplib';

/** The orchestrator's own connection: broker version, queue set-up and clean-up. */
export class BrokerAdmin {
  readonly #conn: amqp.ChannelModel;
  readonly #ch: amqp.Channel;

  private constructor(conn: amqp.ChannelModel, ch: amqp.Channel) {
    this.#conn = conn;
    this.#ch = ch;
  }

  static async open(url: string): Promise<BrokerAdmin> {
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    return new BrokerAdmin(conn, ch);
  }

  /** "RabbitMQ 3.10.8", from the server properties of the connection. */
  get brokerVersion(): string {
    const props = this.#conn.connection.serverProperties as Record<string, unknown>;
    return `${String(props.product ?? 'broker')} ${String(props.version ?? '?')}`;
  }

  /** Declares a request queue the way every server in the benchmark does (durable, no arguments). */
  async declareRequestQueue(queue: string): Promise<void> {
    await this.#ch.assertQueue(queue, { durable: true });
  }

  /** Messages waiting in a queue (passive declare). */
  async messageCount(queue: string): Promise<number> {
    return (await this.#ch.checkQueue(queue)).messageCount;
  }

  /** Deletes queues; deleting one that is already gone is fine. */
  async deleteQueues(queues: readonly string[]): Promise<void> {
    for (const q of queues) await this.#ch.deleteQueue(q);
  }

  async close(): Promise<void> {
    await this.#conn.close();
  }
}
