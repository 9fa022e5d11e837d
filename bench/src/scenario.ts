/**
 * What the benchmark compares: the implementations (warren and its baselines), the payload
 * sizes and the request each size sends. Shared by the orchestrator and the child processes.
 */

/** The broker the benchmark uses when AMQP_URL is not set. */
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Every implementation, in the order the report lists them. `warren-queue-traced` is
 * warren-queue with OpenTelemetry tracing on in both processes (the SDK with an exporter that
 * drops spans, impl/tracing-sdk.ts): its ratio to warren-queue is what tracing costs.
 */
export const IMPLS = ['warren-direct', 'warren-queue', 'warren-queue-traced', 'warren-queue-unconfirmed', 'amqplib-direct', 'amqplib-queue', 'rabbitmq-client'] as const;
export type Impl = (typeof IMPLS)[number];

/** Payload sizes: small is the calculator's Calculate; the others echo a string of that size. */
export const SIZES = ['small', '10KiB', '1MiB'] as const;
export type Size = (typeof SIZES)[number];

export const CONCURRENCIES = [1, 16, 128] as const;

/** Bytes of the echoed string per size (small sends `{ n: 21 }` instead). */
export const SIZE_BYTES: Record<Size, number> = { small: 0, '10KiB': 10 * 1024, '1MiB': 1024 * 1024 };

/** Every server gets the same prefetch, above the highest concurrency, so none is starved. */
export const SERVER_PREFETCH = 128;

/** Per-call deadline for every implementation: long enough for 1 MiB calls on a busy machine. */
export const CALL_TIMEOUT_MS = 60_000;

export function isImpl(value: string): value is Impl {
  return (IMPLS as readonly string[]).includes(value);
}

export function isSize(value: string): value is Size {
  return (SIZES as readonly string[]).includes(value);
}

/** The echoed label for a size: ASCII, so its UTF-8 size is its length. */
export function labelOf(size: Size): string {
  return 'x'.repeat(SIZE_BYTES[size]);
}

/** The JSON request the baselines send; the same fields as warren's protobuf messages. */
export type JsonRequest = { n: number } | { operation: number; operands: { value: number; label: string }[] };
export type JsonReply = { result: number } | { value: number; steps: string[] };

export function jsonRequest(size: Size, label: string): JsonRequest {
  return size === 'small' ? { n: 21 } : { operation: 1, operands: [{ value: 1, label }] };
}

/** What every baseline server computes: the same as warren's bench handlers. */
export function jsonAnswer(request: JsonRequest): JsonReply {
  if ('n' in request) return { result: request.n * 2 };
  return { value: request.operands.reduce((sum, o) => sum + o.value, 0), steps: request.operands.map((o) => o.label) };
}

/** Checks a reply, so a benchmark never counts a wrong answer as a call. */
export function checkJsonReply(size: Size, reply: JsonReply, label: string): void {
  const ok = size === 'small' ? 'result' in reply && reply.result === 42 : 'steps' in reply && reply.steps[0]?.length === label.length;
  if (!ok) throw new Error(`wrong reply for a ${size} call`);
}

/** Queue names of one scenario: unique per run and implementation, deleted afterwards. */
export function requestQueue(runId: string, impl: Impl): string {
  return `warren.bench.${runId}.${impl}`;
}
