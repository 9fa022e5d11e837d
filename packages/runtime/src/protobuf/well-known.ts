import { DecodeError } from '../codec.js';
import type { ProtoMessageFns } from './protobuf-codec.js';
import type { ProtoReader } from './proto-reader.js';
import type { ProtoWriter } from './proto-writer.js';
import { DATE_RANGE_TEXT, MAX_TIMESTAMP_SECONDS, MIN_TIMESTAMP_SECONDS } from './timestamp-range.js';
import { errorMessage } from '../error-message.js';

/**
 * The protobuf well-known types, mapped to natural TypeScript and encoded byte-compatibly
 * with every other protobuf implementation. See docs/contracts.md for the mapping table.
 */

/** google.protobuf.Duration: exact, as seconds and nanoseconds of the same sign. */
export interface Duration {
  seconds: bigint;
  nanos: number;
}

/** google.protobuf.Empty. */
export type Empty = Record<string, never>;

/** A JSON value: google.protobuf.Value. */
export type JsonValue = null | number | string | boolean | JsonObject | JsonValue[];
/** A JSON object: google.protobuf.Struct. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Reads fields of a small message; `onField` returns false for fields it does not know. */
function readFields(reader: ProtoReader, end: number, onField: (key: number) => boolean): void {
  while (reader.pos < end) {
    const key = reader.uint32();
    if (!onField(key)) reader.skip(key & 7, key >>> 3);
  }
  if (reader.pos !== end) throw new DecodeError('', 'a field overruns the message');
}

const MIN_SECONDS = BigInt(MIN_TIMESTAMP_SECONDS);
const MAX_SECONDS = BigInt(MAX_TIMESTAMP_SECONDS);

/**
 * google.protobuf.Timestamp as a Date. Sub-millisecond precision is dropped (Date holds ms).
 * Both ways the instant must lie in protobuf's range, 0001-01-01 to 9999-12-31 (UTC), with
 * nanos from 0 to 999,999,999; anything else is a DecodeError, never an Invalid Date.
 */
export const TimestampFns: ProtoMessageFns<Date> = {
  encode(value, writer) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new DecodeError('', 'Invalid Date cannot be encoded as a Timestamp');
    if (ms < MIN_TIMESTAMP_SECONDS * 1000 || ms > MAX_TIMESTAMP_SECONDS * 1000 + 999) {
      throw new DecodeError('', `expected a Date from ${DATE_RANGE_TEXT}, got ${value.toISOString()}`);
    }
    const seconds = Math.floor(ms / 1000);
    const nanos = (ms - seconds * 1000) * 1_000_000;
    if (seconds !== 0) writer.uint32(8).int64(BigInt(seconds));
    if (nanos !== 0) writer.uint32(16).int32(nanos);
  },
  decode(reader, end) {
    let seconds = 0n;
    let nanos = 0;
    readFields(reader, end, (key) => {
      if (key === 8) seconds = reader.int64();
      else if (key === 16) nanos = reader.int32();
      else return false;
      return true;
    });
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw new DecodeError('', `Timestamp seconds ${seconds} are outside ${DATE_RANGE_TEXT}`);
    }
    if (nanos < 0 || nanos > 999_999_999) throw new DecodeError('', `Timestamp nanos ${nanos} are outside 0 to 999999999`);
    return new Date(Number(seconds) * 1000 + Math.floor(nanos / 1_000_000));
  },
};

export const DurationFns: ProtoMessageFns<Duration> = {
  encode(value, writer) {
    if (value.seconds !== 0n) writer.uint32(8).int64(value.seconds);
    if (value.nanos !== 0) writer.uint32(16).int32(value.nanos);
  },
  decode(reader, end) {
    const value: Duration = { seconds: 0n, nanos: 0 };
    readFields(reader, end, (key) => {
      if (key === 8) value.seconds = reader.int64();
      else if (key === 16) value.nanos = reader.int32();
      else return false;
      return true;
    });
    return value;
  },
};

export const EmptyFns: ProtoMessageFns<Empty> = {
  encode() {},
  decode(reader, end) {
    readFields(reader, end, () => false);
    return {};
  },
};

type Scalar = 'double' | 'float' | 'int64' | 'uint64' | 'int32' | 'uint32' | 'bool' | 'string' | 'bytes';

/** A wrapper type (`google.protobuf.Int32Value`, ...): `{ value = 1 }` as the bare value. */
function wrapper<T>(scalar: Scalar, wire: number, zero: T, isSet: (v: T) => boolean): ProtoMessageFns<T> {
  const key = (1 << 3) | wire;
  return {
    encode(value, writer) {
      if (isSet(value)) (writer.uint32(key)[scalar] as (v: T) => ProtoWriter)(value);
    },
    decode(reader, end) {
      let value = zero;
      readFields(reader, end, (k) => {
        if (k !== key) return false;
        value = (reader[scalar] as () => T).call(reader);
        return true;
      });
      return value;
    },
  };
}

// -0 has non-zero bits, so protoc's encoders write it; so do these.
export const DoubleValueFns = wrapper<number>('double', 1, 0, (v) => !Object.is(v, 0));
export const FloatValueFns = wrapper<number>('float', 5, 0, (v) => !Object.is(v, 0));
export const Int64ValueFns = wrapper<bigint>('int64', 0, 0n, (v) => v !== 0n);
export const UInt64ValueFns = wrapper<bigint>('uint64', 0, 0n, (v) => v !== 0n);
export const Int32ValueFns = wrapper<number>('int32', 0, 0, (v) => v !== 0);
export const UInt32ValueFns = wrapper<number>('uint32', 0, 0, (v) => v !== 0);
export const BoolValueFns = wrapper<boolean>('bool', 0, false, (v) => v);
export const StringValueFns = wrapper<string>('string', 2, '', (v) => v !== '');
export const BytesValueFns = wrapper<Uint8Array>('bytes', 2, new Uint8Array(0), (v) => v.length !== 0);

// Value, Struct and ListValue nest through each other: each counts one level against the
// reader's and writer's depth limit, and a failure inside names its key or index.

export const ValueFns: ProtoMessageFns<JsonValue> = {
  encode(value, writer) {
    writer.enter();
    if (value === null) writer.uint32(8).int32(0);
    else if (typeof value === 'number') writer.uint32(17).double(value);
    else if (typeof value === 'string') writer.uint32(26).string(value);
    else if (typeof value === 'boolean') writer.uint32(32).bool(value);
    else if (Array.isArray(value)) {
      writer.uint32(50).fork();
      ListValueFns.encode(value, writer);
      writer.join();
    } else if (typeof value === 'object') {
      writer.uint32(42).fork();
      StructFns.encode(value, writer);
      writer.join();
    } else throw new DecodeError('', `a ${typeof value} is not a JSON value`);
    writer.depth--;
  },
  decode(reader, end) {
    reader.enter();
    let value: JsonValue = null;
    readFields(reader, end, (key) => {
      if (key === 8) (reader.int32(), (value = null));
      else if (key === 17) value = reader.double();
      else if (key === 26) value = reader.string();
      else if (key === 32) value = reader.bool();
      else if (key === 42) value = StructFns.decode(reader, reader.delimited());
      else if (key === 50) value = ListValueFns.decode(reader, reader.delimited());
      else return false;
      return true;
    });
    reader.depth--;
    return value;
  },
};

export const StructFns: ProtoMessageFns<JsonObject> = {
  encode(value, writer) {
    writer.enter();
    let k = '';
    try {
      for (k of Object.keys(value)) {
        writer.uint32(10).fork();
        writer.uint32(10).string(k);
        writer.uint32(18).fork();
        ValueFns.encode(value[k]!, writer);
        writer.join();
        writer.join();
      }
    } catch (err) {
      throw keyFailure(err, k);
    }
    writer.depth--;
  },
  decode(reader, end) {
    reader.enter();
    const value: JsonObject = {};
    let k = '';
    try {
      readFields(reader, end, (key) => {
        if (key !== 10) return false;
        const stop = reader.delimited();
        k = '';
        let v: JsonValue = null;
        readFields(reader, stop, (entryKey) => {
          if (entryKey === 10) k = reader.string();
          else if (entryKey === 18) v = ValueFns.decode(reader, reader.delimited());
          else return false;
          return true;
        });
        // A key from the wire must not reach Object.prototype through `__proto__`.
        if (k === '__proto__') Object.defineProperty(value, k, { value: v, enumerable: true, writable: true, configurable: true });
        else value[k] = v;
        return true;
      });
    } catch (err) {
      throw keyFailure(err, k);
    }
    reader.depth--;
    return value;
  },
};

export const ListValueFns: ProtoMessageFns<JsonValue[]> = {
  encode(value, writer) {
    writer.enter();
    let i = 0;
    try {
      for (; i < value.length; i++) {
        writer.uint32(10).fork();
        ValueFns.encode(value[i]!, writer);
        writer.join();
      }
    } catch (err) {
      throw indexFailure(err, i);
    }
    writer.depth--;
  },
  decode(reader, end) {
    reader.enter();
    const value: JsonValue[] = [];
    try {
      readFields(reader, end, (key) => {
        if (key !== 10) return false;
        value.push(ValueFns.decode(reader, reader.delimited()));
        return true;
      });
    } catch (err) {
      throw indexFailure(err, value.length);
    }
    reader.depth--;
    return value;
  },
};

/** Longer Struct keys are cut in error paths. */
const MAX_KEY_SHOWN = 40;

function keyFailure(err: unknown, key: string): DecodeError {
  const shown = key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…(${key.length - MAX_KEY_SHOWN} more)` : key;
  return within(err, `[${JSON.stringify(shown)}]`);
}

function indexFailure(err: unknown, index: number): DecodeError {
  return within(err, `[${index}]`);
}

function within(err: unknown, segment: string): DecodeError {
  return err instanceof DecodeError ? err.within(segment) : new DecodeError(segment, errorMessage(err));
}
