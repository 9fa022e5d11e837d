import { DecodeError } from '../../codec.js';
import { describeJson } from '../../json/json-mismatch.js';
import type { ScalarType, WellKnownType } from '../reflect/message-desc.js';
import type { JsonValue } from '../well-known.js';
import { durationFromJson, durationToJson } from './duration-json.js';
import { fieldMaskFromJson, fieldMaskToJson } from './field-mask-json.js';
import { scalarFromJson } from './scalar-from-json.js';
import { scalarToJson } from './scalar-to-json.js';
import { jsonValueCopy } from './struct-json.js';
import { timestampFromJson, timestampToJson } from './timestamp-json.js';

/** The scalar each wrapper type wraps: its JSON form is that scalar's, bare. */
const WRAPPED: Partial<Record<WellKnownType, ScalarType>> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

/**
 * @internal A well-known type other than Any (which needs the type registry; see
 * message-to-json.ts) in its special ProtoJSON form: Timestamp and Duration as strings,
 * wrappers as their bare value, Struct/Value/ListValue as the JSON itself, FieldMask as
 * `"a.b,cD"`, Empty as `{}`.
 */
export function wellKnownToJson(name: Exclude<WellKnownType, 'google.protobuf.Any'>, value: unknown, depth: number, maxDepth: number): JsonValue {
  const wrapped = WRAPPED[name];
  if (wrapped) return scalarToJson(wrapped, value);
  switch (name) {
    case 'google.protobuf.Timestamp':
      return timestampToJson(value);
    case 'google.protobuf.Duration':
      return durationToJson(value);
    case 'google.protobuf.FieldMask':
      return fieldMaskToJson(value);
    case 'google.protobuf.Empty':
      return {};
    case 'google.protobuf.Struct':
      return jsonValueCopy(value, depth, maxDepth, 'Struct');
    case 'google.protobuf.ListValue':
      return jsonValueCopy(value, depth, maxDepth, 'ListValue');
    default:
      return jsonValueCopy(value, depth, maxDepth);
  }
}

/**
 * @internal The TypeScript form of a well-known type other than Any from its ProtoJSON form.
 * `ignoreUnknownFields` lets Empty take an object with fields.
 */
export function wellKnownFromJson(
  name: Exclude<WellKnownType, 'google.protobuf.Any'>,
  json: unknown,
  depth: number,
  maxDepth: number,
  ignoreUnknownFields: boolean,
): unknown {
  const wrapped = WRAPPED[name];
  if (wrapped) return scalarFromJson(wrapped, json);
  switch (name) {
    case 'google.protobuf.Timestamp':
      return timestampFromJson(json);
    case 'google.protobuf.Duration':
      return durationFromJson(json);
    case 'google.protobuf.FieldMask':
      return fieldMaskFromJson(json);
    case 'google.protobuf.Empty': {
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new DecodeError('', `expected {} (google.protobuf.Empty), got ${describeJson(json)}`);
      }
      const first = Object.keys(json)[0];
      if (first !== undefined && !ignoreUnknownFields) throw new DecodeError(first, 'google.protobuf.Empty has no fields: expected {}');
      return {};
    }
    case 'google.protobuf.Struct':
      return jsonValueCopy(json, depth, maxDepth, 'Struct');
    case 'google.protobuf.ListValue':
      return jsonValueCopy(json, depth, maxDepth, 'ListValue');
    default:
      return jsonValueCopy(json, depth, maxDepth);
  }
}
