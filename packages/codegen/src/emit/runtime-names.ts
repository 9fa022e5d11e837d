import { SCALAR_DECODE, SCALAR_ENCODE } from './json-scalar-names.js';

/** Runtime names a protobuf module with messages imports. */
export const CODEC_NAMES: readonly string[] = ['ProtoMessage', 'ProtoReader', 'ProtoWriter', 'decodeFailure', 'protoMessage', 'skipUnknown', 'writeUnknown'];

/** Runtime names a module with a service imports. */
export const SERVICE_NAMES: readonly string[] = [
  'CallContext', 'CallOptions', 'ClientOptions', 'ClientStats', 'Connection', 'MethodDefinition', 'RpcClient',
  'Server', 'ServerOptions', 'ServiceDefinition', 'StreamOptions', 'protobufCodec', 'serve',
];

/** The runtime type a well-known type is generated as, where it has a name of its own. */
export const WELL_KNOWN_NAMES: Readonly<Record<string, string>> = {
  'google.protobuf.Duration': 'Duration',
  'google.protobuf.Empty': 'Empty',
  'google.protobuf.Struct': 'JsonObject',
  'google.protobuf.Value': 'JsonValue',
  'google.protobuf.ListValue': 'JsonValue',
  'google.protobuf.Any': 'Any',
};

/**
 * Every name a generated module may import from @warren/runtime, whatever it contains (a
 * superset: codecs of well-known types are `<Name>Fns`, see {@link isRuntimeName}).
 */
const RUNTIME_NAMES = new Set([
  ...CODEC_NAMES,
  ...SERVICE_NAMES,
  ...Object.values(WELL_KNOWN_NAMES),
  ...['JsonFns', 'JsonRecord', 'jsonCodec', 'jsonArray', 'jsonObject', 'jsonFailure', 'jsonFailureAt', 'jsonFailureKey'],
  ...['jsonMismatch', 'jsonMismatchValue', 'dateFromJson', 'dateToJson', 'DEFAULT_MAX_DEPTH'],
  ...Object.values(SCALAR_DECODE),
  ...Object.values(SCALAR_ENCODE),
]);

/** True when a generated module might import `name` from @warren/runtime. */
export function isRuntimeName(name: string): boolean {
  return RUNTIME_NAMES.has(name) || name.endsWith('Fns');
}
