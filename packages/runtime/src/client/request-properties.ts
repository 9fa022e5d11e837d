import { Header } from '../protocol.js';
import type { PublishOptions } from '../connection/broker-channel.js';
import type { OutgoingCall } from './outgoing-call.js';

/**
 * @internal The AMQP properties of each request (docs/protocol.md 2.1, 2.2).
 *
 * The deadline is the only header warren itself sends: field tables are costly to encode and
 * decode, and an absent x-warren-protocol means version 1. The headers object is reused from
 * one publish to the next while the call's own header names are the same as the last call's
 * (none, or `traceparent` with tracing on): amqplib makes the object a prototype
 * (`Object.create`) and encodes it synchronously inside publish(), and a fresh object per
 * publish costs a fresh prototype each, about 17 µs of client CPU per call (measured with
 * tracing on, docs/observability.md). Something else may write into it during publish,
 * though: @opentelemetry/instrumentation-amqplib injects `traceparent` into the headers it is
 * given. {@link RequestProperties.published} then retires the object, so that no request
 * carries another's headers.
 */
export class RequestProperties {
  #headers: Record<string, unknown> = { [Header.deadline]: '' };
  /** The call's own header names the reused object was made for, in order. */
  #names: readonly string[] = [];

  /** The properties to publish `call` with, `remainingMs` before its deadline. */
  of(call: OutgoingCall<unknown>, replyTo: string, remainingMs: number, userId: string | undefined): PublishOptions {
    return {
      mandatory: true,
      correlationId: call.id,
      replyTo,
      contentType: call.method.requestCodec.contentType,
      type: call.method.fullName,
      expiration: String(remainingMs),
      headers: this.#headersOf(call.userHeaders, String(call.deadline)),
      userId,
    };
  }

  /** After publish (or its failure): reused headers that something added to are not used again. */
  published(options: PublishOptions): void {
    const headers = options.headers;
    if (headers !== this.#headers) return;
    let count = 0;
    for (const _ in headers) count++;
    if (count !== this.#names.length + 1) this.#fresh(undefined, '');
  }

  #headersOf(own: Record<string, string> | undefined, deadline: string): Record<string, unknown> {
    const names = this.#names;
    let n = 0;
    if (own !== undefined) {
      for (const name in own) if (names[n++] !== name) return this.#fresh(own, deadline);
    }
    if (n !== names.length) return this.#fresh(own, deadline);
    const headers = this.#headers;
    for (let i = 0; i < n; i++) headers[names[i]!] = own![names[i]!];
    headers[Header.deadline] = deadline;
    return headers;
  }

  #fresh(own: Record<string, string> | undefined, deadline: string): Record<string, unknown> {
    this.#names = own === undefined ? [] : Object.keys(own);
    return (this.#headers = { ...own, [Header.deadline]: deadline });
  }
}
