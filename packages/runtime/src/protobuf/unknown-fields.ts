import type { ProtoReader } from './proto-reader.js';
import type { ProtoWriter } from './proto-writer.js';

/**
 * Where a decoded message keeps the fields its schema does not know: a non-enumerable symbol
 * property, so they survive a decode/encode round trip (as protobuf requires since 3.5: a
 * service on an older contract must not strip a newer caller's fields) without showing up
 * in `JSON.stringify`, spreads or deep equality.
 */
const UNKNOWN = Symbol.for('@warren/runtime.unknownFields');

type WithUnknown = { [UNKNOWN]?: Uint8Array[] };

/**
 * Used by generated decoders for a field number the message does not declare: skips it and
 * keeps its wire bytes (tag included) on the message. The bytes are copied, so the message
 * does not hold on to the whole request buffer.
 */
export function skipUnknown(reader: ProtoReader, key: number, message: object): void {
  const from = reader.pos;
  reader.skip(key & 7, key >>> 3);
  const tag = varintBytes(key);
  const field = new Uint8Array(tag.length + (reader.pos - from));
  field.set(tag, 0);
  field.set(reader.buf.subarray(from, reader.pos), tag.length);
  const kept = (message as WithUnknown)[UNKNOWN];
  if (kept) kept.push(field);
  else Object.defineProperty(message, UNKNOWN, { value: [field], writable: true, configurable: true, enumerable: false });
}

/** Used by generated encoders: writes back the unknown fields a decoder kept, after the known ones. */
export function writeUnknown(message: object, writer: ProtoWriter): void {
  const kept = (message as WithUnknown)[UNKNOWN];
  if (kept !== undefined) for (const field of kept) writer.raw(field);
}

/**
 * The fields of a decoded message that its contract does not declare, each as protobuf wire
 * bytes (tag, then value); empty when there are none. They are written back when the
 * message is encoded again.
 */
export function unknownFields(message: object): readonly Uint8Array[] {
  return (message as WithUnknown)[UNKNOWN] ?? [];
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 127) {
    out.push((v & 127) | 128);
    v >>>= 7;
  }
  out.push(v);
  return out;
}
