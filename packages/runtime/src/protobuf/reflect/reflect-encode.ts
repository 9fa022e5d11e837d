import { decodeFailure } from '../decode-failure.js';
import type { ProtoWriter } from '../proto-writer.js';
import { writeUnknown } from '../unknown-fields.js';
import { fieldsOf, isScalar } from './field-info.js';
import { isScalarDefault } from '../json/scalar-to-json.js';
import type { MapKeyType, MessageDesc, ScalarType, ValueType } from './message-desc.js';
import { WELL_KNOWN_FNS } from './well-known-fns.js';

/**
 * @internal Writes `message` as protobuf bytes by walking its descriptor: the encoder of a
 * message type that has no generated code (`warren call` builds its types from the contract).
 * The bytes equal the generated encoder's: fields in number order, repeated numbers packed,
 * map entries with key and value, unknown fields written back.
 */
export function reflectEncode(desc: MessageDesc, message: object, writer: ProtoWriter): void {
  writer.enter();
  const m = message as Record<string, unknown>;
  for (const f of fieldsOf(desc)) {
    let i = 0;
    try {
      if (f.oneof !== undefined) {
        const member = m[f.oneof] as { $case?: unknown; value?: unknown } | undefined;
        if (member?.$case === f.localName) writeValue(f.no, f.value, member.value, writer);
        continue;
      }
      const v = m[f.localName];
      if (v === undefined) continue; // null is a value: a google.protobuf.Value holding JSON null
      if (f.shape === 'list') {
        const list = v as unknown[];
        if (f.packed && isPackable(f.value)) {
          if (list.length === 0) continue;
          writer.uint32((f.no << 3) | 2).fork();
          const method = isScalar(f.value) ? f.value : 'int32';
          for (const e of list) (writer[method] as (x: unknown) => ProtoWriter)(e);
          writer.join();
        } else for (i = 0; i < list.length; i++) writeValue(f.no, f.value, list[i], writer);
      } else if (f.shape === 'map') {
        for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
          writer.uint32((f.no << 3) | 2).fork();
          writeValue(1, f.key, mapKey(f.key, key), writer);
          writeValue(2, f.value, value, writer);
          writer.join();
        }
      } else if (f.optional || !(isScalar(f.value) ? isScalarDefault(f.value, v) : 'enum' in f.value && v === 0)) {
        writeValue(f.no, f.value, v, writer);
      }
    } catch (err) {
      throw decodeFailure(err, f.shape === 'list' ? `${f.localName}[]` : f.localName, message, i);
    }
  }
  writeUnknown(message, writer);
  writer.depth--;
}

function writeValue(no: number, t: ValueType, v: unknown, writer: ProtoWriter): void {
  if (isScalar(t)) {
    (writer.uint32((no << 3) | wireType(t))[t] as (x: unknown) => ProtoWriter)(v);
  } else if ('enum' in t) {
    writer.uint32(no << 3).int32(v as number);
  } else {
    writer.uint32((no << 3) | 2).fork();
    if ('message' in t) t.message().encode(v as object, writer);
    else WELL_KNOWN_FNS[t.wellKnown].encode(v, writer);
    writer.join();
  }
}

/** @internal The wire type a scalar is written with. */
export function wireType(t: ScalarType): number {
  if (t === 'double' || t === 'fixed64' || t === 'sfixed64') return 1;
  if (t === 'float' || t === 'fixed32' || t === 'sfixed32') return 5;
  return t === 'string' || t === 'bytes' ? 2 : 0;
}

/** @internal True for what repeated fields pack: numbers, bools and enums. */
export function isPackable(t: ValueType): boolean {
  return isScalar(t) ? t !== 'string' && t !== 'bytes' : 'enum' in t;
}

/** A map's object key back to the key's type on the wire. */
function mapKey(t: MapKeyType, key: string): unknown {
  if (t === 'string') return key;
  if (t === 'bool') return key === 'true';
  return t.endsWith('64') ? BigInt(key) : Number(key);
}
