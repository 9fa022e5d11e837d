import { DecodeError, tooDeep } from '../../codec.js';
import { jsonFailureAt, jsonFailureKey } from '../../json/json-check.js';
import { describeJson } from '../../json/json-mismatch.js';
import type { JsonObject, JsonValue } from '../well-known.js';

/**
 * @internal google.protobuf.Value, Struct and ListValue (`JsonValue`, `JsonObject`,
 * `JsonValue[]`) to and from ProtoJSON, which is the JSON value itself. Both ways copy, check
 * that every number is finite (a Value's number_value has no JSON form for NaN), keep a
 * `__proto__` key as an own entry, and count nesting against `maxDepth`.
 */
export function jsonValueCopy(value: unknown, depth: number, maxDepth: number, what: 'Value' | 'Struct' | 'ListValue' = 'Value'): JsonValue {
  if (what === 'Struct' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new DecodeError('', `expected a JSON object (google.protobuf.Struct), got ${describeJson(value)}`);
  }
  if (what === 'ListValue' && !Array.isArray(value)) throw new DecodeError('', `expected a JSON array (google.protobuf.ListValue), got ${describeJson(value)}`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new DecodeError('', `${value} has no JSON form: a google.protobuf.Value holds finite numbers only`);
      return value;
    case 'object': {
      if (value === null) return null;
      if (depth >= maxDepth) throw tooDeep(maxDepth);
      if (Array.isArray(value)) {
        const list: JsonValue[] = [];
        for (let i = 0; i < value.length; i++) {
          try {
            list.push(jsonValueCopy(value[i], depth + 1, maxDepth));
          } catch (err) {
            throw jsonFailureAt(err, i);
          }
        }
        return list;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw new DecodeError('', `expected a plain JSON object, got a ${describeJson(value)}`);
      }
      const out: JsonObject = {};
      for (const key of Object.keys(value)) {
        let entry: JsonValue;
        try {
          entry = jsonValueCopy((value as Record<string, unknown>)[key], depth + 1, maxDepth);
        } catch (err) {
          throw jsonFailureKey(err, key);
        }
        // Assigning `__proto__` would replace out's prototype instead of adding the key.
        if (key !== '__proto__') out[key] = entry;
        else Object.defineProperty(out, key, { value: entry, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new DecodeError('', `expected a JSON value (google.protobuf.${what}), got ${describeJson(value)}`);
  }
}
