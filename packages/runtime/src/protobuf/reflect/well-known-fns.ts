import { AnyFns, FieldMaskFns } from '../any.js';
import type { ProtoMessageFns } from '../protobuf-codec.js';
import * as wk from '../well-known.js';
import type { WellKnownType } from './message-desc.js';

/** @internal The binary codec of each well-known type, on its TypeScript form. */
export const WELL_KNOWN_FNS: Readonly<Record<WellKnownType, ProtoMessageFns<unknown>>> = {
  'google.protobuf.Timestamp': wk.TimestampFns as ProtoMessageFns<unknown>,
  'google.protobuf.Duration': wk.DurationFns as ProtoMessageFns<unknown>,
  'google.protobuf.Empty': wk.EmptyFns as ProtoMessageFns<unknown>,
  'google.protobuf.Struct': wk.StructFns as ProtoMessageFns<unknown>,
  'google.protobuf.Value': wk.ValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.ListValue': wk.ListValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.DoubleValue': wk.DoubleValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.FloatValue': wk.FloatValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.Int64Value': wk.Int64ValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.UInt64Value': wk.UInt64ValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.Int32Value': wk.Int32ValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.UInt32Value': wk.UInt32ValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.BoolValue': wk.BoolValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.StringValue': wk.StringValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.BytesValue': wk.BytesValueFns as ProtoMessageFns<unknown>,
  'google.protobuf.Any': AnyFns as ProtoMessageFns<unknown>,
  'google.protobuf.FieldMask': FieldMaskFns as ProtoMessageFns<unknown>,
};

/** @internal True when `name` is a well-known type with a TypeScript form of its own. */
export function isWellKnownType(name: string): name is WellKnownType {
  return Object.prototype.hasOwnProperty.call(WELL_KNOWN_FNS, name);
}
