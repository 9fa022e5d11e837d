import type { Codec } from '../codec.js';
import { ContentType } from '../protocol.js';
import { ProtoReader } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

/** The encode and decode functions generated for one protobuf message. */
export interface ProtoMessageFns<T> {
  encode(message: T, writer: ProtoWriter): void;
  /**
   * Reads a message from `reader` up to `end`. Generated decoders take `into`: the value an
   * earlier occurrence of the same field decoded, which protobuf merges the new one into.
   */
  decode(reader: ProtoReader, end: number, into?: T): T;
}

/** Wraps a generated message's functions as a {@link Codec} with content type application/x-protobuf. */
export function protobufCodec<T>(fns: ProtoMessageFns<T>): Codec<T> {
  return {
    contentType: ContentType.protobuf,
    encode(value: T): Uint8Array {
      const writer = new ProtoWriter();
      fns.encode(value, writer);
      return writer.finish();
    },
    decode(bytes: Uint8Array): T {
      const reader = new ProtoReader(bytes);
      return fns.decode(reader, reader.end);
    },
  };
}
