import { RpcError } from '../rpc-error.js';
import { describeHeader } from '../header-text.js';
import { Header } from '../protocol.js';
import type { BrokerChannel, ReturnedMessage } from '../connection/broker-channel.js';
import type { Connection } from '../connection/connection.js';
import { errorMessage } from '../error-message.js';

/** @internal The errors a client raises itself, without a reply. */

/** A request that does not encode (a value that does not fit its message type). */
export function encodeError(method: string, err: unknown): RpcError {
  const what = errorMessage(err);
  return new RpcError('INVALID_ARGUMENT', `${method} request does not encode: ${what}`);
}

/** RabbitMQ returned a `mandatory` request: no queue is bound to its routing key. */
export function noRouteError(msg: ReturnedMessage): RpcError {
  const queue = msg.fields.routingKey;
  return new RpcError(
    'UNAVAILABLE',
    `no queue "${queue}" for ${msg.properties.type ?? 'this call'}: is the service running? (${msg.fields.replyText})`,
    { reason: 'NO_ROUTE', queue },
  );
}

/**
 * A `mandatory` request came back NO_ROUTE: the home node of the queue, when RabbitMQ says
 * that node is down, else undefined (no such queue, or no way to ask). RabbitMQ 3.x returns a
 * publish to a classic queue whose node is down exactly as one to a missing queue (312
 * NO_ROUTE); only a passive declare tells them apart, with 404 "home node '<node>' of durable
 * queue '<name>' in vhost '/' is down or inaccessible". The declare runs on a channel of its
 * own, since a 404 closes it.
 */
export async function downQueueNode(conn: Connection, queue: string): Promise<string | undefined> {
  let channel: BrokerChannel | undefined;
  try {
    channel = await conn.openChannel();
    // The connection logs a channel the broker closes as a warning; this 404 is the answer asked for.
    const emitter = channel as unknown as { removeAllListeners(event: string): void };
    emitter.removeAllListeners('error');
    channel.on('error', () => undefined);
    await channel.checkQueue(queue);
    return undefined; // it is there again
  } catch (err) {
    return /home node '([^']+)' of durable .* is down or inaccessible/.exec(errorMessage(err))?.[1];
  } finally {
    void channel?.close().catch(() => undefined);
  }
}

/**
 * @internal The error for a request returned NO_ROUTE: a missing queue, or a classic queue whose
 * node is down ({@link downQueueNode}). The broker is asked once a second at most; calls
 * returned meanwhile share the answer.
 */
export class NoRouteReasons {
  readonly #conn: Connection;
  readonly #queue: string;
  #last: { at: number; node: Promise<string | undefined> } | undefined;

  constructor(conn: Connection, queue: string) {
    this.#conn = conn;
    this.#queue = queue;
  }

  /** Resolves by `deadline`, and within 2 s: the broker's answer is not worth more of the call's time. */
  async explain(msg: ReturnedMessage, deadline: number): Promise<RpcError> {
    if (!this.#last || Date.now() - this.#last.at > 1_000) this.#last = { at: Date.now(), node: downQueueNode(this.#conn, this.#queue) };
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, Math.max(0, Math.min(2_000, deadline - Date.now())), undefined)));
    const node = await Promise.race([this.#last.node, gaveUp]);
    clearTimeout(timer);
    return node ? queueNodeDownError(msg, node) : noRouteError(msg);
  }
}

/** A request to a classic queue whose node is down (see {@link downQueueNode}): not a missing service. */
export function queueNodeDownError(msg: ReturnedMessage, node: string): RpcError {
  const queue = msg.fields.routingKey;
  return new RpcError(
    'UNAVAILABLE',
    `queue "${queue}" for ${msg.properties.type ?? 'this call'} is on node ${node}, which is down or unreachable: ` +
      `its calls fail until that node is back (a classic queue lives on one node; on a cluster use queueType 'quorum')`,
    { reason: 'QUEUE_NODE_DOWN', queue, node },
  );
}

/** The broker refused a request again and again (`basic.nack`). */
export function nackedError(method: string, times: number): RpcError {
  return new RpcError(
    'UNAVAILABLE',
    `the broker refused the ${method} request ${times} times (a full queue, or a quorum queue without a leader)`,
    { reason: 'NACKED' },
  );
}

/** Anything that went wrong while sending, as the RpcError the caller sees. */
export function sendError(err: unknown): RpcError {
  return err instanceof RpcError ? err : new RpcError('UNAVAILABLE', `could not send the request: ${errorMessage(err)}`);
}

/** A reply whose status header is present but is neither text nor an integer: UNKNOWN, as gRPC reads a status it cannot interpret. */
export function unreadableStatus(method: string, raw: unknown): RpcError {
  return new RpcError('UNKNOWN', `${method} reply has an unreadable ${Header.status} header (${describeHeader(raw)})`);
}

/**
 * Why the reply channel could not be opened, as the calls waiting for it see it. A refusal
 * (403 ACCESS_REFUSED: the user may not declare or consume its reply queue) will not pass
 * by waiting: PERMISSION_DENIED, at once. Anything else may (UNAVAILABLE: wait, resend).
 */
export function openError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 403) {
    return new RpcError('PERMISSION_DENIED', `could not open the reply queue: ${errorMessage(err)}; the user needs configure and read on warren.reply.* (docs/security.md)`);
  }
  return new RpcError('UNAVAILABLE', `could not open a channel: ${errorMessage(err)}`);
}
