/// <reference types="node" preserve="true" />
// The published types name Node's Buffer, AbortSignal, timers and EventEmitter: this makes
// them resolve in projects that do not list @types/node (TypeScript 6+ includes none by default).
/**
 * @warren/runtime: the correlation and reply machinery generated clients and servers use.
 * Everything exported here is public API; modules not re-exported are internal.
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
export { memory, type MemoryOptions } from './memory/memory.js';
export { MemoryBroker } from './memory/memory-broker.js';
export { MemoryConnection, type ConnectionLossOptions } from './memory/memory-connection.js';

export { RpcClient, type ClientStats } from './client/rpc-client.js';
export type { CallOptions, ClientOptions, ReplyMode } from './client/call-options.js';

export { serve } from './server/serve.js';
export { Server, type ServerStats } from './server/server.js';
export { deadLetterQueue } from './server/request-queue.js';
export type { CallContext, CallerIdentity, Handler, ServiceHandlers } from './server/handler.js';
export type { Authorize } from './server/dispatcher.js';
export type { CloseOptions, QueueType, ServerOptions } from './server/server-options.js';

export { RpcError, type ErrorBody, type ErrorDetails } from './rpc-error.js';
export { StatusCode, isStatusCode, type ErrorCode } from './status-code.js';
export { DecodeError, DEFAULT_MAX_DEPTH, type Codec, type CodecLimits } from './codec.js';
export type { CallInfo, CallObserver, CallOutcome } from './observer.js';
export type {
  AnyMethodDefinition,
  MethodDefinition,
  RequestOf,
  ResponseOf,
  ServiceDefinition,
} from './service-definition.js';
export { ContentType, Header, PROTOCOL_VERSION, DIRECT_REPLY_QUEUE } from './protocol.js';
export { stderrLogger, silentLogger, type Logger } from './logger.js';
export { redactUrl } from './redact-url.js';

// Used by generated code.
export { ProtoWriter } from './protobuf/proto-writer.js';
export { ProtoReader } from './protobuf/proto-reader.js';
export { WireType } from './protobuf/wire-type.js';
export { protobufCodec, type ProtoMessageFns } from './protobuf/protobuf-codec.js';
export { decodeFailure } from './protobuf/decode-failure.js';
export { skipUnknown, unknownFields, writeUnknown } from './protobuf/unknown-fields.js';
export {
  BoolValueFns,
  BytesValueFns,
  DoubleValueFns,
  DurationFns,
  EmptyFns,
  FloatValueFns,
  Int32ValueFns,
  Int64ValueFns,
  ListValueFns,
  StringValueFns,
  StructFns,
  TimestampFns,
  UInt32ValueFns,
  UInt64ValueFns,
  ValueFns,
  type Duration,
  type Empty,
  type JsonObject,
  type JsonValue,
} from './protobuf/well-known.js';
export { AnyFns, FieldMaskFns, packAny, unpackAny, type Any } from './protobuf/any.js';

// JSON codecs of TypeScript-interface contracts; the checks are used by generated validators.
export { jsonCodec, type JsonFns } from './json/json-codec.js';
export { safeJsonParse } from './json/safe-json-parse.js';
export {
  bigintFromJson,
  bigintToJson,
  bytesFromJson,
  bytesToJson,
  dateFromJson,
  dateToJson,
  describeJson,
  jsonArray,
  jsonBoolean,
  jsonFailure,
  jsonFailureAt,
  jsonFailureKey,
  jsonMismatch,
  jsonMismatchValue,
  jsonNumber,
  jsonObject,
  jsonString,
  type JsonRecord,
} from './json/json-check.js';
