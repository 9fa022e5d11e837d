import { decodeFailure } from '../decode-failure.js';
import type { ProtoReader } from '../proto-reader.js';
import { skipUnknown } from '../unknown-fields.js';
import { createMessage, scalarZero } from './create-message.js';
import { fieldsOf, isScalar, type FieldInfo } from './field-info.js';
import type { MessageDesc, ValueType } from './message-desc.js';
import { isPackable, wireType } from './reflect-encode.js';
import { WELL_KNOWN_FNS } from './well-known-fns.js';

const byNumberCache = new WeakMap<MessageDesc, Map<number, FieldInfo>>();

/**
 * @internal Reads a message of `desc` from `reader` up to `end` by walking its descriptor: the
 * decoder of a message type without generated code. Same results as the generated decoder:
 * packed and unpacked repeated numbers, last value wins, a message field that occurs twice is
 * merged, map entries with missing key or value take the default, unknown fields are kept.
 */
export function reflectDecode(desc: MessageDesc, reader: ProtoReader, end: number, into?: object): Record<string, unknown> {
  reader.enter();
  const message = (into as Record<string, unknown> | undefined) ?? createMessage(desc);
  let byNumber = byNumberCache.get(desc);
  if (byNumber === undefined) byNumberCache.set(desc, (byNumber = new Map(fieldsOf(desc).map((f) => [f.no, f]))));
  let at = '';
  try {
    while (reader.pos < end) {
      const key = reader.uint32();
      const f = byNumber.get(key >>> 3);
      at = f === undefined ? '' : f.shape === 'list' ? `${f.localName}[]` : f.localName;
      if (f === undefined || !readField(f, key & 7, message, reader)) skipUnknown(reader, key, message);
    }
    if (reader.pos !== end) throw new Error('a field overruns the message');
  } catch (err) {
    throw decodeFailure(err, at, message);
  }
  reader.depth--;
  return message;
}

/** Reads one occurrence of `f`; false when the wire type is not the field's (kept as unknown). */
function readField(f: FieldInfo, wire: number, message: Record<string, unknown>, reader: ProtoReader): boolean {
  const t = f.value;
  if (f.shape === 'list') {
    const list = message[f.localName] as unknown[];
    if (isPackable(t) && wire === 2) {
      const stop = reader.delimited();
      while (reader.pos < stop) list.push(readValue(t, reader));
      if (reader.pos !== stop) throw new Error('a packed value overruns its field');
      return true;
    }
    if (wire !== valueWire(t)) return false;
    list.push(readValue(t, reader));
    return true;
  }
  if (wire !== (f.shape === 'map' ? 2 : valueWire(t))) return false;
  if (f.shape === 'map') {
    const stop = reader.delimited();
    let key: unknown = scalarZero(f.key);
    let value: unknown;
    while (reader.pos < stop) {
      const entryKey = reader.uint32();
      if (entryKey === ((1 << 3) | wireType(f.key))) key = readValue(f.key, reader);
      else if (entryKey === ((2 << 3) | valueWire(t))) value = readValue(t, reader);
      else reader.skip(entryKey & 7, entryKey >>> 3);
    }
    if (reader.pos !== stop) throw new Error('a map entry overruns its field');
    value ??= isScalar(t) ? scalarZero(t) : 'enum' in t ? 0 : readValue(t, reader, reader.pos);
    const k = String(key);
    const map = message[f.localName] as Record<string, unknown>;
    if (k !== '__proto__') map[k] = value;
    else Object.defineProperty(map, k, { value, enumerable: true, writable: true, configurable: true });
    return true;
  }
  if (f.oneof !== undefined) {
    const member = message[f.oneof] as { $case: string; value: unknown } | undefined;
    const into = member?.$case === f.localName && typeof t === 'object' && 'message' in t ? member.value : undefined;
    message[f.oneof] = { $case: f.localName, value: readValue(t, reader, undefined, into) };
    return true;
  }
  const into = typeof t === 'object' && 'message' in t ? message[f.localName] : undefined;
  message[f.localName] = readValue(t, reader, undefined, into);
  return true;
}

function readValue(t: ValueType, reader: ProtoReader, end?: number, into?: unknown): unknown {
  if (isScalar(t)) return (reader[t] as () => unknown).call(reader);
  if ('enum' in t) return reader.int32();
  const stop = end ?? reader.delimited();
  if ('message' in t) return t.message().decode(reader, stop, into as object | undefined);
  return WELL_KNOWN_FNS[t.wellKnown].decode(reader, stop);
}

function valueWire(t: ValueType): number {
  return isScalar(t) ? wireType(t) : 'enum' in t ? 0 : 2;
}
