import { DecodeError } from '../src/codec.js';
import { jsonCodec } from '../src/json/json-codec.js';
import type { BrokerChannel, Delivery } from '../src/connection/broker-channel.js';
import type { ServiceDefinition } from '../src/service-definition.js';

export interface Text {
  text: string;
}

const text = jsonCodec<Text>({
  toJson: (v) => ({ text: v.text }),
  fromJson: (json) => {
    const t = (json as Record<string, unknown> | null)?.['text'];
    if (typeof t !== 'string') throw new DecodeError('text', 'expected a string');
    return { text: t };
  },
});

/** A two-method service with JSON bodies, so runtime tests need no generated code. */
export const EchoService = {
  fullName: 'test.Echo',
  queue: 'test.Echo',
  methods: {
    echo: { name: 'echo', fullName: 'test.Echo.Echo', requestCodec: text, responseCodec: text, idempotent: false },
    repeat: { name: 'repeat', fullName: 'test.Echo.Repeat', requestCodec: text, responseCodec: text, idempotent: true },
  },
} as const satisfies ServiceDefinition;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/** Consumes `queue` and collects the deliveries (null ones, from a broker cancel, as `null`). */
export async function collect(ch: BrokerChannel, queue: string, options: { noAck?: boolean } = {}) {
  const got: (Delivery | null)[] = [];
  const { consumerTag } = await ch.consume(queue, (msg) => got.push(msg), { noAck: options.noAck ?? true });
  return { got, consumerTag };
}

/** The channel's next 'error'. */
export function nextError(ch: BrokerChannel): Promise<Error & { code?: number }> {
  return new Promise((resolve) => ch.on('error', resolve));
}

/** Resolves on the channel's 'close'. */
export function closed(ch: BrokerChannel): Promise<void> {
  return new Promise((resolve) => ch.on('close', resolve));
}
