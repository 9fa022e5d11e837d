/** Names and helpers shared by the proto-to-IR converters. */

/** Strips protobufjs's leading dot from a fully qualified name. */
export const fq = (name: string): string => (name.startsWith('.') ? name.slice(1) : name);

/** A comment as TSDoc text; undefined when there is none. */
export function doc(comment: string | null | undefined): string | undefined {
  const text = comment?.trim();
  return text ? text : undefined;
}

/** The well-known types warren maps to natural TypeScript (docs/contracts.md). */
export const WELL_KNOWN = new Set<string>([
  'google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.Empty',
  'google.protobuf.Struct', 'google.protobuf.Value', 'google.protobuf.ListValue',
  'google.protobuf.DoubleValue', 'google.protobuf.FloatValue', 'google.protobuf.Int64Value',
  'google.protobuf.UInt64Value', 'google.protobuf.Int32Value', 'google.protobuf.UInt32Value',
  'google.protobuf.BoolValue', 'google.protobuf.StringValue', 'google.protobuf.BytesValue',
  'google.protobuf.Any', 'google.protobuf.FieldMask',
]);

/** Types of google/protobuf/*.proto that warren does not map (yet). */
export const UNSUPPORTED_WELL_KNOWN: Record<string, string> = {
  'google.protobuf.Api': 'it describes APIs; declare a message of your own',
  'google.protobuf.Type': 'it describes types; declare a message of your own',
  'google.protobuf.SourceContext': 'declare a message of your own',
};
