import { DecodeError, tooDeep } from '../../codec.js';
import { jsonFailure, jsonFailureAt, jsonFailureKey } from '../../json/json-check.js';
import { jsonMismatch } from '../../json/json-mismatch.js';
import type { Any } from '../any.js';
import { ProtoReader } from '../proto-reader.js';
import { fieldsOf, isScalar, type FieldInfo } from '../reflect/field-info.js';
import type { MessageDesc, ValueType } from '../reflect/message-desc.js';
import { findMessageType } from '../reflect/type-registry.js';
import { isWellKnownType, WELL_KNOWN_FNS } from '../reflect/well-known-fns.js';
import type { JsonObject, JsonValue } from '../well-known.js';
import { isScalarDefault, scalarToJson } from './scalar-to-json.js';
import { wellKnownToJson } from './well-known-json.js';

/**
 * @internal A message in protobuf's canonical JSON mapping (ProtoJSON), driven by its
 * descriptor: fields by JSON name in field-number order, defaults left out (a proto3
 * `optional` field, a oneof member and a message are written whenever set), enums by name,
 * the well-known types in their special forms. `depth` messages and JSON values enclose it.
 * @throws DecodeError naming the path (`items[2].price`) of a value with no JSON form.
 */
export function messageToJson(desc: MessageDesc, message: unknown, depth: number, maxDepth: number): JsonObject {
  if (typeof message !== 'object' || message === null) throw jsonMismatch(`a ${desc.typeName} message (an object)`, message);
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  const m = message as Record<string, unknown>;
  const out: JsonObject = {};
  for (const f of fieldsOf(desc)) {
    let json: JsonValue | undefined;
    try {
      json = fieldToJson(f, m, depth, maxDepth);
    } catch (err) {
      throw jsonFailure(err, f.jsonName);
    }
    if (json !== undefined) setEntry(out, f.jsonName, json);
  }
  return out;
}

function fieldToJson(f: FieldInfo, m: Record<string, unknown>, depth: number, maxDepth: number): JsonValue | undefined {
  if (f.oneof !== undefined) {
    const member = m[f.oneof] as { $case?: unknown; value?: unknown } | undefined;
    return member?.$case === f.localName ? valueToJson(f.value, member.value, depth, maxDepth) : undefined;
  }
  const v = m[f.localName];
  if (v === undefined) return undefined;
  if (f.shape === 'list') {
    if (!Array.isArray(v)) throw jsonMismatch('an array (a repeated field)', v);
    if (v.length === 0) return undefined;
    return v.map((element, i) => {
      try {
        return valueToJson(f.value, element, depth, maxDepth);
      } catch (err) {
        throw jsonFailureAt(err, i);
      }
    });
  }
  if (f.shape === 'map') {
    if (typeof v !== 'object' || v === null) throw jsonMismatch('an object (a map field)', v);
    const keys = Object.keys(v);
    if (keys.length === 0) return undefined;
    const out: JsonObject = {};
    for (const key of keys) {
      try {
        setEntry(out, key, valueToJson(f.value, (v as Record<string, unknown>)[key], depth, maxDepth));
      } catch (err) {
        throw jsonFailureKey(err, key);
      }
    }
    return out;
  }
  if (!f.optional) {
    if (isScalar(f.value) && isScalarDefault(f.value, v)) return undefined;
    if (typeof f.value === 'object' && 'enum' in f.value && v === 0) return undefined;
  }
  return valueToJson(f.value, v, depth, maxDepth);
}

function valueToJson(t: ValueType, v: unknown, depth: number, maxDepth: number): JsonValue {
  if (isScalar(t)) return scalarToJson(t, v);
  if ('enum' in t) {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw jsonMismatch(`a number of enum ${t.enum}`, v);
    const name = t.values()[v];
    // An unknown number (a newer peer's value) is written as the number, as protoc does.
    return typeof name === 'string' ? name : v;
  }
  if ('message' in t) return messageToJson(t.message(), v, depth + 1, maxDepth);
  if (t.wellKnown === 'google.protobuf.Any') return anyToJson(v, depth + 1, maxDepth);
  return wellKnownToJson(t.wellKnown, v, depth + 1, maxDepth);
}

/**
 * google.protobuf.Any: `{"@type": url, ...the fields of the message it holds}`, or
 * `{"@type": url, "value": ...}` when it holds a well-known type with a special form.
 * The type must be known: a generated module that was imported, or a contract `warren call` loaded.
 * @internal
 */
export function anyToJson(v: unknown, depth: number, maxDepth: number): JsonObject {
  const any = v as Any;
  if (typeof any !== 'object' || any === null || typeof any.typeUrl !== 'string' || !(any.value instanceof Uint8Array)) {
    throw jsonMismatch('an Any { typeUrl: string, value: Uint8Array }', v);
  }
  if (any.typeUrl === '' && any.value.length === 0) return {};
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  const typeName = any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1);
  const reader = new ProtoReader(any.value, 0, any.value.length, maxDepth);
  if (isWellKnownType(typeName)) {
    const inner = WELL_KNOWN_FNS[typeName].decode(reader, reader.end);
    // Empty has no special form: it is a message without fields.
    if (typeName === 'google.protobuf.Empty') return { '@type': any.typeUrl };
    const value = typeName === 'google.protobuf.Any' ? anyToJson(inner, depth + 1, maxDepth) : wellKnownToJson(typeName, inner, depth + 1, maxDepth);
    return { '@type': any.typeUrl, value };
  }
  const type = findMessageType(typeName);
  if (type === undefined) {
    throw new DecodeError(
      '',
      `cannot write the google.protobuf.Any holding "${any.typeUrl}" as JSON: ${typeName} is not a known message type ` +
        '(import the module generated for it, or load its contract)',
    );
  }
  const body = messageToJson(type, type.decode(reader, reader.end), depth + 1, maxDepth);
  return { '@type': any.typeUrl, ...body };
}

/** Sets `key` as an own entry; assigning `__proto__` would replace the object's prototype instead. */
function setEntry(out: JsonObject, key: string, value: JsonValue): void {
  if (key !== '__proto__') out[key] = value;
  else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}
