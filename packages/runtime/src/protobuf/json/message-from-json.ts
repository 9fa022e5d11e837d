import { DecodeError, tooDeep } from '../../codec.js';
import { jsonFailure, jsonFailureAt, jsonFailureKey } from '../../json/json-check.js';
import { describeJson, jsonMismatchValue } from '../../json/json-mismatch.js';
import type { Any } from '../any.js';
import { ProtoWriter } from '../proto-writer.js';
import { createMessage } from '../reflect/create-message.js';
import { fieldsOf, isScalar, type FieldInfo } from '../reflect/field-info.js';
import type { EnumRef, MessageDesc, ValueType } from '../reflect/message-desc.js';
import { findMessageType } from '../reflect/type-registry.js';
import { isWellKnownType, WELL_KNOWN_FNS } from '../reflect/well-known-fns.js';
import { mapKeyFromJson, scalarFromJson } from './scalar-from-json.js';
import { wellKnownFromJson } from './well-known-json.js';

/** @internal How {@link messageFromJson} reads. */
export interface JsonReadContext {
  readonly maxDepth: number;
  readonly ignoreUnknownFields: boolean;
}

/** An enum name the type does not know, skipped under `ignoreUnknownFields`. */
const SKIP = Symbol('skip');

/**
 * @internal A message from protobuf's canonical JSON mapping (ProtoJSON), driven by its
 * descriptor: fields by JSON name or by their name in the .proto, `null` for a default,
 * 64-bit integers as strings or numbers, enums by name or number, bytes in base64 or
 * base64url, the well-known types in their special forms.
 * @throws DecodeError naming the path of what does not fit (`items[2].price.units`),
 * including a field the message does not declare (unless `ignoreUnknownFields`).
 */
export function messageFromJson(desc: MessageDesc, json: unknown, depth: number, ctx: JsonReadContext): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw jsonMismatchValue(`a JSON object for ${desc.typeName}`, json);
  }
  if (depth >= ctx.maxDepth) throw tooDeep(ctx.maxDepth);
  const message = createMessage(desc);
  const byName = namesOf(desc);
  const given = new Map<FieldInfo, string>();
  const oneofs = new Map<string, string>();
  for (const key of Object.keys(json)) {
    const f = byName.get(key);
    if (f === undefined) {
      if (ctx.ignoreUnknownFields) continue;
      const names = fieldsOf(desc).map((x) => x.jsonName);
      const listed = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ... (${names.length} in all)` : names.join(', ');
      throw jsonFailure(new DecodeError('', `${desc.typeName} has no field ${JSON.stringify(key)}; expected one of: ${listed || '(none)'}`), key);
    }
    try {
      const earlier = given.get(f);
      if (earlier !== undefined) throw new DecodeError('', `the field is given twice, as "${earlier}" and as "${key}"`);
      given.set(f, key);
      const value = (json as Record<string, unknown>)[key];
      // null is the default, except for a Value, where it is the JSON null the Value holds.
      if (value === null && !(f.shape === 'value' && isJsonValueType(f.value))) continue;
      if (f.oneof !== undefined) {
        const other = oneofs.get(f.oneof);
        if (other !== undefined) throw new DecodeError('', `"${other}" and "${key}" are both set, but oneof ${f.oneof} takes at most one`);
        oneofs.set(f.oneof, key);
        const v = valueFromJson(f.value, value, depth, ctx);
        if (v !== SKIP) message[f.oneof] = { $case: f.localName, value: v };
      } else if (f.shape === 'list') {
        message[f.localName] = listFromJson(f, value, depth, ctx);
      } else if (f.shape === 'map') {
        message[f.localName] = mapFromJson(f, value, depth, ctx);
      } else {
        const v = valueFromJson(f.value, value, depth, ctx);
        if (v !== SKIP) message[f.localName] = v;
      }
    } catch (err) {
      throw jsonFailure(err, key);
    }
  }
  return message;
}

function listFromJson(f: FieldInfo, json: unknown, depth: number, ctx: JsonReadContext): unknown[] {
  if (!Array.isArray(json)) throw jsonMismatchValue('a JSON array (a repeated field)', json);
  const list: unknown[] = [];
  for (let i = 0; i < json.length; i++) {
    try {
      if (json[i] === null && !isJsonValueType(f.value)) throw new DecodeError('', 'expected a value, got null (a repeated field holds no nulls)');
      const v = valueFromJson(f.value, json[i], depth, ctx);
      if (v !== SKIP) list.push(v);
    } catch (err) {
      throw jsonFailureAt(err, i);
    }
  }
  return list;
}

function mapFromJson(f: FieldInfo, json: unknown, depth: number, ctx: JsonReadContext): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw jsonMismatchValue('a JSON object (a map field)', json);
  const map: Record<string, unknown> = {};
  for (const key of Object.keys(json)) {
    try {
      const k = mapKeyFromJson(f.key, key);
      const entry = (json as Record<string, unknown>)[key];
      if (entry === null && !isJsonValueType(f.value)) throw new DecodeError('', 'expected a value, got null (a map holds no nulls)');
      const v = valueFromJson(f.value, entry, depth, ctx);
      if (v === SKIP) continue;
      // Assigning `__proto__` would replace the map's prototype instead of adding the key.
      if (k !== '__proto__') map[k] = v;
      else Object.defineProperty(map, k, { value: v, enumerable: true, writable: true, configurable: true });
    } catch (err) {
      throw jsonFailureKey(err, key);
    }
  }
  return map;
}

function valueFromJson(t: ValueType, json: unknown, depth: number, ctx: JsonReadContext): unknown {
  if (isScalar(t)) return scalarFromJson(t, json);
  if ('enum' in t) return enumFromJson(t, json, ctx);
  if ('message' in t) return messageFromJson(t.message(), json, depth + 1, ctx);
  if (t.wellKnown === 'google.protobuf.Any') return anyFromJson(json, depth + 1, ctx);
  return wellKnownFromJson(t.wellKnown, json, depth + 1, ctx.maxDepth, ctx.ignoreUnknownFields);
}

function enumFromJson(t: EnumRef, json: unknown, ctx: JsonReadContext): number | typeof SKIP {
  const values = t.values();
  if (typeof json === 'string') {
    const n = values[json];
    if (typeof n === 'number') return n;
  }
  // Numbers are accepted, known or not (proto3 enums are open), also as decimal strings.
  const n = typeof json === 'number' ? json : typeof json === 'string' && /^-?\d+$/.test(json) ? Number(json) : NaN;
  if (Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31) return n;
  if (typeof json === 'string' && ctx.ignoreUnknownFields) return SKIP;
  const names = Object.keys(values).filter((k) => typeof values[k] === 'number');
  throw jsonMismatchValue(`one of ${names.join(', ')} (${t.enum}), or its number`, json);
}

/** @internal google.protobuf.Any from `{"@type": url, ...fields}` or `{"@type": url, "value": ...}` (well-known types). */
export function anyFromJson(json: unknown, depth: number, ctx: JsonReadContext): Any {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DecodeError('', `expected a JSON object with "@type" (google.protobuf.Any), got ${describeJson(json)}`);
  }
  if (depth >= ctx.maxDepth) throw tooDeep(ctx.maxDepth);
  const body = json as Record<string, unknown>;
  if (Object.keys(body).length === 0) return { typeUrl: '', value: new Uint8Array(0) };
  const url = body['@type'];
  if (typeof url !== 'string' || url === '') {
    throw new DecodeError('', `expected "@type" naming the type, for example {"@type": "type.googleapis.com/shop.v1.Product", ...}, got ${describeJson(url)}`);
  }
  const typeName = url.slice(url.lastIndexOf('/') + 1);
  const writer = new ProtoWriter(256, ctx.maxDepth);
  if (isWellKnownType(typeName) && typeName !== 'google.protobuf.Empty') {
    for (const key of Object.keys(body)) {
      if (key !== '@type' && key !== 'value' && !ctx.ignoreUnknownFields) {
        throw jsonFailure(new DecodeError('', `an Any holding ${typeName} has "@type" and "value" only`), key);
      }
    }
    if (!('value' in body)) throw new DecodeError('', `expected "value": an Any holding ${typeName} carries it as {"@type": ..., "value": ...}`);
    let inner: unknown;
    try {
      inner =
        typeName === 'google.protobuf.Any'
          ? anyFromJson(body['value'], depth + 1, ctx)
          : wellKnownFromJson(typeName, body['value'], depth + 1, ctx.maxDepth, ctx.ignoreUnknownFields);
    } catch (err) {
      throw jsonFailure(err, 'value');
    }
    WELL_KNOWN_FNS[typeName].encode(inner, writer);
  } else {
    const rest: Record<string, unknown> = { ...body };
    delete rest['@type'];
    if (typeName === 'google.protobuf.Empty') {
      WELL_KNOWN_FNS[typeName].encode(wellKnownFromJson(typeName, rest, depth + 1, ctx.maxDepth, ctx.ignoreUnknownFields), writer);
    } else {
      const type = findMessageType(typeName);
      if (type === undefined) {
        throw jsonFailure(new DecodeError('', `${typeName} is not a known message type (import the module generated for it, or load its contract)`), '@type');
      }
      type.encode(messageFromJson(type, rest, depth + 1, ctx), writer);
    }
  }
  return { typeUrl: url, value: new Uint8Array(writer.finish()) };
}

/** True for google.protobuf.Value, whose JSON null is a value, not an absence. */
function isJsonValueType(t: ValueType): boolean {
  return typeof t === 'object' && 'wellKnown' in t && t.wellKnown === 'google.protobuf.Value';
}

const namesCache = new WeakMap<MessageDesc, Map<string, FieldInfo>>();

/** Fields by JSON name and by name in the .proto, both of which ProtoJSON readers accept. */
function namesOf(desc: MessageDesc): Map<string, FieldInfo> {
  let names = namesCache.get(desc);
  if (names === undefined) {
    names = new Map();
    for (const f of fieldsOf(desc)) {
      names.set(f.jsonName, f);
      names.set(f.name, f);
    }
    namesCache.set(desc, names);
  }
  return names;
}
