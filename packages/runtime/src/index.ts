/// <reference types="node" preserve="true" />
// The published types name Node's Buffer, AbortSignal, timers and EventEmitter: this makes
// them resolve in projects that do not list @types/node (TypeScript 6+ includes none by default).
/**
 * @warren/runtime: connect, call and serve. Everything exported here is public API, and
 * test/types/public-surface.test.ts holds it to the list in this package's README.
 *
 * Other entry points: `@warren/runtime/memory` (the in-memory broker for tests),
 * `@warren/runtime/protocol` (wire constants for tools and peers) and
 * `@warren/runtime/codegen` (what generated code imports; not for hand-written code).
 */
export { connect } from './connection/connect.js';
export type { ConnectOptions, TlsOptions } from './connection/connect-options.js';
export type { BackoffOptions } from './connection/backoff.js';
export type { Connection, ConnectionListener } from './connection/connection.js';
export type {
  BrokerChannel,
  ChannelOptions,
  Delivery,
  MessageProperties,
  PublishOptions,
  QueueOptions,
  ReturnedMessage,
} from './connection/broker-channel.js';

export { RpcClient, type ClientStats } from './client/rpc-client.js';
export type { CallOptions, ClientOptions, ReplyMode, StreamOptions } from './client/call-options.js';

export { serve } from './server/serve.js';
export { Server, type ServerStats } from './server/server.js';
export { deadLetterQueue } from './server/request-queue.js';
export type { CallContext, CallerIdentity, Handler, ServiceHandlers, StreamHandler } from './server/handler.js';
export type { Authorize } from './server/dispatcher.js';
export type { CloseOptions, QueueType, ServerOptions } from './server/server-options.js';

export { RpcError, type ErrorBody, type ErrorDetails } from './rpc-error.js';
export { StatusCode, isStatusCode, type ErrorCode } from './status-code.js';
export { DecodeError, DEFAULT_MAX_DEPTH, type Codec, type CodecLimits } from './codec.js';
export type { CallInfo, CallObserver, CallOutcome } from './observer.js';
export type { ClientCall, ClientInterceptor, Interceptor, ServerCall, ServerInterceptor } from './interceptors/interceptor.js';
export { loggingInterceptor, type LoggingOptions } from './interceptors/logging-interceptor.js';
export { retryInterceptor, type RetryOptions } from './interceptors/retry-interceptor.js';
export type {
  AnyMethodDefinition,
  MethodDefinition,
  RequestOf,
  ResponseOf,
  ServiceDefinition,
} from './service-definition.js';
export { stderrLogger, silentLogger, type Logger } from './logger.js';
export { redactUrl } from './redact-url.js';

// Values users hold in generated messages.
export { unknownFields } from './protobuf/unknown-fields.js';
export { packAny, unpackAny, type Any } from './protobuf/any.js';
export type { Duration, Empty, JsonObject, JsonValue } from './protobuf/well-known.js';
// The type of a generated message's companion (`Money.create`, `toBinary`, `toJson`), for code generic over messages.
export type { ProtoMessage } from './protobuf/reflect/message-desc.js';
export type { FromJsonOptions, ToJsonOptions } from './protobuf/json/proto-json-options.js';
