import { maxDepthOf, type Codec, type CodecLimits } from '../codec.js';
import { ContentType } from '../protocol.js';
import { ProtoReader } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

/** The encode and decode functions generated for one protobuf message. */
export interface ProtoMessageFns<T> {
  /** Writes `message`; generated encoders call `writer.enter()` first (the depth limit). */
  encode(message: T, writer: ProtoWriter): void;
  /**
   * Reads a message from `reader` up to `end`. Generated decoders take `into`: the value an
   * earlier occurrence of the same field decoded, which protobuf merges the new one into.
   * Generated decoders call `reader.enter()` first (the depth limit).
   */
  decode(reader: ProtoReader, end: number, into?: T): T;
}

/** Wraps a generated message's functions as a {@link Codec} with content type application/x-protobuf. */
export function protobufCodec<T>(fns: ProtoMessageFns<T>): Codec<T> {
  return {
    contentType: ContentType.protobuf,
    encode(value: T, limits?: CodecLimits): Uint8Array {
      const writer = new ProtoWriter(256, maxDepthOf(limits));
      fns.encode(value, writer);
      return writer.finish();
    },
    decode(bytes: Uint8Array, limits?: CodecLimits): T {
      const reader = new ProtoReader(bytes, 0, bytes.length, maxDepthOf(limits));
      return fns.decode(reader, reader.end);
    },
  };
}
