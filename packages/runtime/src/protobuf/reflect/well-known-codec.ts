import { maxDepthOf } from '../../codec.js';
import { safeJsonParse } from '../../json/safe-json-parse.js';
import { ProtoReader } from '../proto-reader.js';
import { ProtoWriter } from '../proto-writer.js';
import { stringifyProtoJson } from '../json/stringify-proto-json.js';
import { wellKnownFromJson, wellKnownToJson } from '../json/well-known-json.js';
import { anyFromJson } from '../json/message-from-json.js';
import { anyToJson } from '../json/message-to-json.js';
import type { MessageCodec, WellKnownType } from './message-desc.js';
import { WELL_KNOWN_FNS } from './well-known-fns.js';

/**
 * The bytes and ProtoJSON of a well-known type used as a whole request or reply
 * (`rpc Ping(google.protobuf.Empty) returns (google.protobuf.Timestamp)`), on its TypeScript
 * form (`{}`, a `Date`, ...), for tools that have no generated code (`warren call`).
 */
export function wellKnownCodec(name: WellKnownType): MessageCodec<unknown> {
  const fns = WELL_KNOWN_FNS[name];
  const toJson = (value: unknown, maxDepth: number) =>
    name === 'google.protobuf.Any' ? anyToJson(value, 0, maxDepth) : wellKnownToJson(name, value, 0, maxDepth);
  const fromJson = (json: unknown, maxDepth: number, ignoreUnknownFields: boolean) =>
    name === 'google.protobuf.Any'
      ? anyFromJson(json, 0, { maxDepth, ignoreUnknownFields })
      : wellKnownFromJson(name, json, 0, maxDepth, ignoreUnknownFields);
  const codec: MessageCodec<unknown> = {
    toBinary(value, limits) {
      const writer = new ProtoWriter(256, maxDepthOf(limits));
      fns.encode(value, writer);
      return writer.finish();
    },
    fromBinary(bytes, limits) {
      const reader = new ProtoReader(bytes, 0, bytes.length, maxDepthOf(limits));
      return fns.decode(reader, reader.end);
    },
    toJson: (value, options) => toJson(value, maxDepthOf(options)),
    fromJson: (json, options) => fromJson(json, maxDepthOf(options), options?.ignoreUnknownFields === true),
    toJsonString: (value, options) => stringifyProtoJson(codec.toJson(value, options), options?.indent),
    fromJsonString: (text, options) => codec.fromJson(safeJsonParse(text), options),
  };
  return codec;
}
