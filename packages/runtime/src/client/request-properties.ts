import { Header } from '../protocol.js';
import type { PublishOptions } from '../connection/broker-channel.js';
import type { OutgoingCall } from './outgoing-call.js';

/**
 * @internal The AMQP properties of each request (docs/protocol.md 2.1, 2.2).
 *
 * The deadline is the only header warren sends: field tables are costly to encode and decode,
 * and an absent x-warren-protocol means version 1. A call without headers of its own gets one
 * headers object reused for every publish: amqplib encodes it synchronously inside publish()
 * and makes it a prototype (`Object.create`), so a fresh object per call would cost a fresh
 * prototype each. Something else may write into it during publish, though:
 * @opentelemetry/instrumentation-amqplib injects `traceparent` into the headers it is given.
 * {@link RequestProperties.published} then retires the object, so that no request carries
 * another's trace context.
 */
export class RequestProperties {
  #shared: Record<string, unknown> = { [Header.deadline]: '' };

  /** The properties to publish `call` with, `remainingMs` before its deadline. */
  of(call: OutgoingCall<unknown>, replyTo: string, remainingMs: number, userId: string | undefined): PublishOptions {
    const deadline = String(call.deadline);
    let headers: Record<string, unknown>;
    if (call.userHeaders !== undefined) headers = { ...call.userHeaders, [Header.deadline]: deadline };
    else (headers = this.#shared)[Header.deadline] = deadline;
    return {
      mandatory: true,
      correlationId: call.id,
      replyTo,
      contentType: call.method.requestCodec.contentType,
      type: call.method.fullName,
      expiration: String(remainingMs),
      headers,
      userId,
    };
  }

  /** After publish (or its failure): the shared headers, if anything was added to them, are not used again. */
  published(options: PublishOptions): void {
    const headers = options.headers;
    if (headers !== this.#shared) return;
    for (const name in headers) {
      if (name !== Header.deadline) {
        this.#shared = { [Header.deadline]: '' };
        return;
      }
    }
  }
}
