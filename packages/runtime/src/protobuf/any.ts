import type { ProtoMessageFns } from './protobuf-codec.js';
import { ProtoReader } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';
import { DecodeError } from '../codec.js';

/**
 * google.protobuf.Any: a message of any type, as its type URL
 * (`type.googleapis.com/common.v1.Money`) and its encoded bytes. Build one with
 * {@link packAny}, read one with {@link unpackAny}.
 */
export interface Any {
  typeUrl: string;
  value: Uint8Array;
}

/** The prefix protobuf implementations put before the type name in `Any.typeUrl`. */
const TYPE_URL_PREFIX = 'type.googleapis.com/';

/** Encodes and decodes google.protobuf.Any (used by generated codecs). */
export const AnyFns: ProtoMessageFns<Any> = {
  encode(value, writer) {
    if (value.typeUrl !== '') writer.uint32(10).string(value.typeUrl);
    if (value.value.length !== 0) writer.uint32(18).bytes(value.value);
  },
  decode(reader, end) {
    const value: Any = { typeUrl: '', value: new Uint8Array(0) };
    while (reader.pos < end) {
      const key = reader.uint32();
      if (key === 10) value.typeUrl = reader.string();
      else if (key === 18) value.value = reader.bytes();
      else reader.skip(key & 7, key >>> 3);
    }
    if (reader.pos !== end) throw new DecodeError('', 'a field overruns the message');
    return value;
  },
};

/** Encodes and decodes google.protobuf.FieldMask as its paths (`['name', 'price.units']`). */
export const FieldMaskFns: ProtoMessageFns<string[]> = {
  encode(paths, writer) {
    for (const path of paths) writer.uint32(10).string(path);
  },
  decode(reader, end) {
    const paths: string[] = [];
    while (reader.pos < end) {
      const key = reader.uint32();
      if (key === 10) paths.push(reader.string());
      else reader.skip(key & 7, key >>> 3);
    }
    if (reader.pos !== end) throw new DecodeError('', 'a field overruns the message');
    return paths;
  },
};

/**
 * Wraps `message` in an Any: `packAny('common.v1.Money', Money, { currencyCode: 'EUR', ... })`
 * (`Money` is the generated codec of common.v1.Money).
 */
export function packAny<T>(typeName: string, fns: ProtoMessageFns<T>, message: T): Any {
  const writer = new ProtoWriter();
  fns.encode(message, writer);
  return { typeUrl: TYPE_URL_PREFIX + typeName, value: new Uint8Array(writer.finish()) };
}

/**
 * The message in `any` when its type is `typeName`, else undefined.
 * @throws DecodeError when the bytes do not decode as that type.
 */
export function unpackAny<T>(any: Any, typeName: string, fns: ProtoMessageFns<T>): T | undefined {
  if (any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1) !== typeName) return undefined;
  const reader = new ProtoReader(any.value);
  return fns.decode(reader, reader.end);
}
