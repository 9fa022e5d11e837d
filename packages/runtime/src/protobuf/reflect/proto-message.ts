import { maxDepthOf, type CodecLimits } from '../../codec.js';
import { safeJsonParse } from '../../json/safe-json-parse.js';
import { messageFromJson } from '../json/message-from-json.js';
import { messageToJson } from '../json/message-to-json.js';
import type { FromJsonOptions, ToJsonOptions } from '../json/proto-json-options.js';
import { stringifyProtoJson } from '../json/stringify-proto-json.js';
import { ProtoReader } from '../proto-reader.js';
import type { ProtoMessageFns } from '../protobuf-codec.js';
import { ProtoWriter } from '../proto-writer.js';
import { createMessage } from './create-message.js';
import type { MessageDesc, ProtoMessage } from './message-desc.js';
import { reflectDecode } from './reflect-decode.js';
import { reflectEncode } from './reflect-encode.js';
import { registerMessageType } from './type-registry.js';

/**
 * Builds a message type's companion object from its descriptor and, in generated code, its
 * generated `encode` / `decode` (straight-line code: the RPC hot path). Without them the
 * bytes are written and read by walking the descriptor (`warren call`). `create`, the JSON
 * calls and `toBinary` / `fromBinary` are the same for both. The type is registered by name,
 * so a google.protobuf.Any holding it can be written and read as JSON.
 */
export function protoMessage<T extends object>(init: MessageDesc & Partial<ProtoMessageFns<T>>): ProtoMessage<T> {
  const type: ProtoMessage<T> = {
    typeName: init.typeName,
    fields: init.fields,
    encode: init.encode ?? ((message, writer) => reflectEncode(type, message, writer)),
    decode: init.decode ?? ((reader, end, into) => reflectDecode(type, reader, end, into) as T),
    create: (partial) => createMessage(type, partial) as T,
    toBinary(message, limits?: CodecLimits) {
      const writer = new ProtoWriter(256, maxDepthOf(limits));
      type.encode(message, writer);
      return writer.finish();
    },
    fromBinary(bytes, limits?: CodecLimits) {
      const reader = new ProtoReader(bytes, 0, bytes.length, maxDepthOf(limits));
      return type.decode(reader, reader.end);
    },
    toJson: (message, options?: ToJsonOptions) => messageToJson(type, message, 0, maxDepthOf(options)),
    fromJson: (json, options?: FromJsonOptions) =>
      messageFromJson(type, json, 0, {
        maxDepth: maxDepthOf(options),
        ignoreUnknownFields: options?.ignoreUnknownFields === true,
      }) as T,
    toJsonString: (message, options?: ToJsonOptions) => stringifyProtoJson(type.toJson(message, options), options?.indent),
    fromJsonString: (text, options?: FromJsonOptions) => type.fromJson(safeJsonParse(text), options),
  };
  registerMessageType(type as unknown as ProtoMessage<object>);
  return type;
}
