// Deliberately free of @warren/runtime values: this file turns JSON into protobuf bytes and
// back by reflection over the contract, and needs no broker (only the Codec type).
import type { LoadedProtos } from '@warren/codegen';
import type { Codec } from '@warren/runtime';
import { JsonInputError, preview } from './json-input-error.js';
import { isLongKind, isScalarKind, longKeyToString, scalarFromJson, scalarToJson } from './proto-scalars.js';
import { WELL_KNOWN_JSON } from './well-known-json.js';

type Root = LoadedProtos['root'];
type MessageType = ReturnType<Root['lookupType']>;
type Field = MessageType['fieldsArray'][number];
type EnumType = ReturnType<Root['lookupEnum']>;
type Plain = Record<string, unknown>;

const PROTOBUF = 'application/x-protobuf';

/**
 * A codec between proto3 JSON and protobuf bytes for the message `fullName` of `root`:
 * field names in lowerCamelCase or as written, 64-bit integers as strings, bytes as
 * base64, enums by name, well-known types in their JSON forms. `encode` rejects what the
 * message cannot hold with a {@link JsonInputError} naming the field.
 */
export function protobufJsonCodec(root: Root, fullName: string): Codec<unknown> {
  root.resolveAll();
  const type = root.lookupType(fullName);
  return {
    contentType: PROTOBUF,
    encode: (json) => type.encode(messageFromJson(type, json, '')).finish(),
    decode: (bytes) => messageToJson(type, type.decode(bytes) as unknown as Plain),
  };
}

/** protobuf's JSON name: `user_id` -> `userId`. */
export const jsonName = (name: string) => name.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());

const typeName = (t: { fullName: string }) => t.fullName.replace(/^\./, '');
const isMessage = (t: unknown): t is MessageType => typeof t === 'object' && t !== null && 'fieldsArray' in t;
const isEnum = (t: unknown): t is EnumType => typeof t === 'object' && t !== null && 'valuesById' in t;
/** MapField's key type; `fieldsArray` is typed as plain Field. */
const keyTypeOf = (f: Field) => (f as Field & { keyType: string }).keyType;
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function messageFromJson(type: MessageType, json: unknown, path: string): Plain {
  const wellKnown = WELL_KNOWN_JSON[typeName(type)];
  if (wellKnown) return wellKnown.fromJson(json, path);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new JsonInputError(path, `expected a JSON object for ${typeName(type)}, got ${preview(json)}`);
  }
  const out: Plain = {};
  const oneofs = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const field = type.fieldsArray.find((f) => jsonName(f.name) === key || f.name === key);
    if (!field) {
      const known = type.fieldsArray.map((f) => jsonName(f.name)).join(', ') || '(none)';
      throw new JsonInputError(join(path, key), `${typeName(type)} has no field "${key}"; expected one of: ${known}`);
    }
    const at = join(path, jsonName(field.name));
    if (value === null && !(isMessage(field.resolvedType) && typeName(field.resolvedType) === 'google.protobuf.Value')) continue;
    const oneof = field.partOf && !field.options?.['proto3_optional'] ? field.partOf.name : undefined;
    if (oneof) {
      const other = oneofs.get(oneof);
      if (other) throw new JsonInputError(at, `"${other}" and "${jsonName(field.name)}" are both set, but oneof ${oneof} takes at most one`);
      oneofs.set(oneof, jsonName(field.name));
    }
    out[field.name] = fieldFromJson(field, value, at);
  }
  return out;
}

function fieldFromJson(field: Field, value: unknown, path: string): unknown {
  if (field.map) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new JsonInputError(path, `expected a JSON object (map<${keyTypeOf(field)}, ${field.type}>), got ${preview(value)}`);
    }
    const out: Plain = {};
    for (const [k, v] of Object.entries(value)) {
      const keyPath = `${path}[${JSON.stringify(k)}]`;
      if (keyTypeOf(field) === 'bool' && k !== 'true' && k !== 'false') throw new JsonInputError(keyPath, 'expected a map key "true" or "false"');
      if (keyTypeOf(field) !== 'string' && keyTypeOf(field) !== 'bool') scalarFromJson(keyTypeOf(field), k, keyPath); // validates the key
      out[k] = singleFromJson(field, v, keyPath);
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) throw new JsonInputError(path, `expected a JSON array (repeated ${field.type}), got ${preview(value)}`);
    return value.map((v, i) => singleFromJson(field, v, `${path}[${i}]`));
  }
  return singleFromJson(field, value, path);
}

function singleFromJson(field: Field, value: unknown, path: string): unknown {
  const resolved = field.resolvedType;
  if (isMessage(resolved)) return messageFromJson(resolved, value, path);
  if (isEnum(resolved)) {
    if (typeof value === 'string' && value in resolved.values) return resolved.values[value];
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    throw new JsonInputError(path, `expected one of ${Object.keys(resolved.values).join(', ')} (${typeName(resolved)}), got ${preview(value)}`);
  }
  if (!isScalarKind(field.type)) throw new JsonInputError(path, `unresolved type ${field.type}`);
  return scalarFromJson(field.type, value, path);
}

function messageToJson(type: MessageType, message: Plain): unknown {
  const wellKnown = WELL_KNOWN_JSON[typeName(type)];
  if (wellKnown) return wellKnown.toJson(message);
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    // protobufjs keeps defaults on the prototype and sets what the bytes carry as own
    // properties: a oneof member, an `optional` scalar or a message is present only then.
    const tracksPresence = field.partOf !== null || isMessage(field.resolvedType);
    if (tracksPresence && !Object.prototype.hasOwnProperty.call(message, field.name)) continue;
    if (value === null || value === undefined) continue;
    if (field.map) {
      const obj: Plain = {};
      const unsigned = keyTypeOf(field) === 'uint64' || keyTypeOf(field) === 'fixed64';
      for (const [k, v] of Object.entries(value as Plain)) {
        obj[isLongKind(keyTypeOf(field)) ? longKeyToString(k, unsigned) : k] = singleToJson(field, v);
      }
      out[jsonName(field.name)] = obj;
    } else if (field.repeated) {
      out[jsonName(field.name)] = (value as unknown[]).map((v) => singleToJson(field, v));
    } else {
      out[jsonName(field.name)] = singleToJson(field, value);
    }
  }
  return out;
}

function singleToJson(field: Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (isMessage(resolved)) return messageToJson(resolved, value as Plain);
  if (isEnum(resolved)) return resolved.valuesById[value as number] ?? value;
  return scalarToJson(field.type, value);
}
