import type { FieldDesc, MapKeyType, MessageDesc, ValueType } from './message-desc.js';
import { protoJsonName } from './proto-json-name.js';

/** @internal A field of a {@link MessageDesc} with its defaults filled in, for the reflection code. */
export interface FieldInfo {
  readonly no: number;
  readonly name: string;
  readonly localName: string;
  readonly jsonName: string;
  /** One value, a list or a map. */
  readonly shape: 'value' | 'list' | 'map';
  /** The type of one value (of the list's elements, of the map's values). */
  readonly value: ValueType;
  /** The map's key type (shape 'map'). */
  readonly key: MapKeyType;
  readonly optional: boolean;
  readonly oneof: string | undefined;
  readonly packed: boolean;
}

const cache = new WeakMap<MessageDesc, readonly FieldInfo[]>();

/** @internal The fields of `desc` in field-number order (the order protoc writes them), computed once per descriptor. */
export function fieldsOf(desc: MessageDesc): readonly FieldInfo[] {
  let fields = cache.get(desc);
  if (fields === undefined) {
    fields = desc.fields.map(fieldInfo).sort((a, b) => a.no - b.no);
    cache.set(desc, fields);
  }
  return fields;
}

function fieldInfo(f: FieldDesc): FieldInfo {
  const jsonName = f.jsonName ?? protoJsonName(f.name);
  const t = f.type;
  const list = typeof t === 'object' && 'list' in t;
  const map = typeof t === 'object' && 'map' in t;
  return {
    no: f.no,
    name: f.name,
    localName: f.localName ?? protoJsonName(f.name),
    jsonName,
    shape: list ? 'list' : map ? 'map' : 'value',
    value: list ? t.list : map ? t.value : (t as ValueType),
    key: map ? t.map : 'string',
    optional: f.optional === true,
    oneof: f.oneof,
    packed: f.packed !== false,
  };
}

/** @internal True for a value type that is a scalar (`'int64'`), not a reference. */
export function isScalar(t: ValueType): t is Extract<ValueType, string> {
  return typeof t === 'string';
}
