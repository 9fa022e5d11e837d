import type { Codec } from './codec.js';

/**
 * What generated code tells the runtime about one method. Generated clients and servers
 * are thin typed wrappers around these descriptors.
 */
export interface MethodDefinition<Req, Res> {
  /** The method's name in TypeScript (`calculate`). */
  readonly name: string;
  /** The fully qualified name sent as the AMQP `type` property (`calculator.v1.Calculator.Calculate`). */
  readonly fullName: string;
  readonly requestCodec: Codec<Req>;
  readonly responseCodec: Codec<Res>;
  /** Default deadline for calls of this method, overriding the client's. */
  readonly timeoutMs?: number;
  /**
   * `serverStream`: the method answers with a stream of responses (docs/streaming.md); absent
   * or `unary`: with one.
   */
  readonly kind?: 'unary' | 'serverStream';
  /** Safe to retry: the client may resend it within its deadline after a connection loss. */
  readonly idempotent: boolean;
}

/** A method definition of any request and response type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethodDefinition = MethodDefinition<any, any>;

/** What generated code tells the runtime about one service. */
export interface ServiceDefinition<
  Methods extends Record<string, AnyMethodDefinition> = Record<string, AnyMethodDefinition>,
> {
  /** The fully qualified service name (`calculator.v1.Calculator`). */
  readonly fullName: string;
  /** The durable request queue all instances of this service share. */
  readonly queue: string;
  readonly methods: Methods;
}

/** The request type of a method definition. */
export type RequestOf<M> = M extends MethodDefinition<infer Req, unknown> ? Req : never;
/** The response type of a method definition. */
export type ResponseOf<M> = M extends MethodDefinition<unknown, infer Res> ? Res : never;
