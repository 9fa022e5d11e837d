import type { Delivery, ReturnedMessage } from '../connection/broker-channel.js';

/** @internal What the transport hands an open stream (a StreamCall). */
export interface OpenStream {
  onMessage(msg: Delivery): void;
  onReturned(msg: ReturnedMessage): void;
  onLost(): void;
  onClosed(): void;
}

/**
 * @internal A client's open server streams by correlation id. The transport asks here only
 * while one is open (`size !== 0`), so unary calls pay nothing for streams.
 */
export class OpenStreams extends Map<string, OpenStream> {
  /** Hands a reply to its stream; false when it belongs to none (a unary reply). */
  deliver(msg: Delivery): boolean {
    const id = msg.properties.correlationId;
    const stream = id === undefined ? undefined : this.get(id);
    stream?.onMessage(msg);
    return stream !== undefined;
  }

  /** Hands a returned message to its stream; false when it belongs to none. */
  returned(msg: ReturnedMessage): boolean {
    const id = msg.properties.correlationId;
    const stream = id === undefined ? undefined : this.get(id);
    stream?.onReturned(msg);
    return stream !== undefined;
  }

  /** The channel or connection is gone (`lost`), or the client closed. */
  endAll(lost: boolean): void {
    for (const stream of [...this.values()]) {
      if (lost) stream.onLost();
      else stream.onClosed();
    }
  }
}
