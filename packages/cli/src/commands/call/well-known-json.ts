import { JsonInputError, preview } from './json-input-error.js';
import { longToString, scalarFromJson, scalarToJson } from './proto-scalars.js';

/** A well-known type's proto3 JSON mapping: JSON -> protobufjs plain object, and back. */
interface WellKnownJson {
  fromJson(json: unknown, path: string): Record<string, unknown>;
  toJson(message: Record<string, unknown>): unknown;
}

const wrapper = (kind: string): WellKnownJson => ({
  fromJson: (json, path) => ({ value: scalarFromJson(kind, json, path) }),
  toJson: (m) => scalarToJson(kind, m['value'] ?? (kind === 'bool' ? false : kind === 'string' ? '' : 0)),
});

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/**
 * google.protobuf.Value's oneof member: protobufjs's bundled struct.proto names it in
 * camelCase, a struct.proto loaded from disk with keepCase in snake_case. Set both; encode
 * reads the one its type declares.
 */
const member = (snake: string, value: unknown): Record<string, unknown> => ({
  [snake]: value,
  [snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]: value,
});

/** Reads a Value member under either spelling; only a member the bytes set is an own property. */
const read = (m: Record<string, unknown>, snake: string): unknown => {
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const own = (k: string) => Object.prototype.hasOwnProperty.call(m, k);
  return own(snake) ? m[snake] : own(camel) ? m[camel] : undefined;
};

function valueFromJson(json: unknown, path: string): Record<string, unknown> {
  if (json === null) return member('null_value', 0);
  if (typeof json === 'number') return member('number_value', json);
  if (typeof json === 'string') return member('string_value', json);
  if (typeof json === 'boolean') return member('bool_value', json);
  if (Array.isArray(json)) return member('list_value', { values: json.map((v, i) => valueFromJson(v, `${path}[${i}]`)) });
  if (typeof json === 'object') return member('struct_value', structFromJson(json, path));
  throw new JsonInputError(path, `expected any JSON value, got ${preview(json)}`);
}

function structFromJson(json: unknown, path: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new JsonInputError(path, `expected a JSON object (google.protobuf.Struct), got ${preview(json)}`);
  }
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) fields[k] = valueFromJson(v, path ? `${path}.${k}` : k);
  return { fields };
}

function valueToJson(m: Record<string, unknown> | null | undefined): unknown {
  if (!m) return null;
  for (const scalar of ['number_value', 'string_value', 'bool_value']) {
    const v = read(m, scalar);
    if (v != null) return v;
  }
  const struct = read(m, 'struct_value');
  if (struct != null) return structToJson(struct as Record<string, unknown>);
  const list = read(m, 'list_value') as Record<string, unknown> | null | undefined;
  if (list != null) return ((list['values'] as Record<string, unknown>[]) ?? []).map(valueToJson);
  return null;
}

function structToJson(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((m['fields'] as Record<string, Record<string, unknown>>) ?? {})) out[k] = valueToJson(v);
  return out;
}

const pad9 = (frac: string | undefined) => Number((frac ?? '').padEnd(9, '0'));

/** Proto3 JSON writes 0, 3, 6 or 9 fractional digits. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos).padStart(9, '0');
  return `.${nanos % 1_000_000 === 0 ? digits.slice(0, 3) : nanos % 1000 === 0 ? digits.slice(0, 6) : digits}`;
}

/** The well-known types with a special JSON form, by full name. */
export const WELL_KNOWN_JSON: Readonly<Record<string, WellKnownJson>> = {
  'google.protobuf.Timestamp': {
    fromJson(json, path) {
      const m = typeof json === 'string' ? RFC3339.exec(json) : null;
      const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
      if (!m || Number.isNaN(ms)) {
        throw new JsonInputError(path, `expected an RFC 3339 timestamp, for example "2024-05-01T12:00:00Z", got ${preview(json)}`);
      }
      return { seconds: scalarFromJson('int64', String(Math.floor(ms / 1000)), path), nanos: pad9(m[2]) };
    },
    toJson(m) {
      const seconds = BigInt(longToString(m['seconds'] ?? 0, false));
      const iso = new Date(Number(seconds) * 1000).toISOString().replace(/\.000Z$/, '');
      return `${iso}${fraction(Number(m['nanos'] ?? 0))}Z`;
    },
  },
  'google.protobuf.Duration': {
    fromJson(json, path) {
      const m = typeof json === 'string' ? DURATION.exec(json) : null;
      if (!m) throw new JsonInputError(path, `expected a duration in seconds, for example "1.5s", got ${preview(json)}`);
      const sign = m[1] ? -1 : 1;
      return { seconds: scalarFromJson('int64', `${m[1] ?? ''}${m[2]}`, path), nanos: sign * pad9(m[3]) };
    },
    toJson(m) {
      const seconds = BigInt(longToString(m['seconds'] ?? 0, false));
      const nanos = Number(m['nanos'] ?? 0);
      const negative = seconds < 0n || nanos < 0;
      const abs = seconds < 0n ? -seconds : seconds;
      return `${negative ? '-' : ''}${abs}${fraction(Math.abs(nanos))}s`;
    },
  },
  'google.protobuf.Empty': {
    fromJson(json, path) {
      if (typeof json !== 'object' || json === null || Array.isArray(json) || Object.keys(json).length > 0) {
        throw new JsonInputError(path, `expected {} (google.protobuf.Empty), got ${preview(json)}`);
      }
      return {};
    },
    toJson: () => ({}),
  },
  'google.protobuf.Struct': { fromJson: structFromJson, toJson: structToJson },
  'google.protobuf.Value': { fromJson: valueFromJson, toJson: valueToJson },
  'google.protobuf.ListValue': {
    fromJson(json, path) {
      if (!Array.isArray(json)) throw new JsonInputError(path, `expected a JSON array (google.protobuf.ListValue), got ${preview(json)}`);
      return { values: json.map((v, i) => valueFromJson(v, `${path}[${i}]`)) };
    },
    toJson: (m) => ((m['values'] as Record<string, unknown>[]) ?? []).map(valueToJson),
  },
  'google.protobuf.DoubleValue': wrapper('double'),
  'google.protobuf.FloatValue': wrapper('float'),
  'google.protobuf.Int64Value': wrapper('int64'),
  'google.protobuf.UInt64Value': wrapper('uint64'),
  'google.protobuf.Int32Value': wrapper('int32'),
  'google.protobuf.UInt32Value': wrapper('uint32'),
  'google.protobuf.BoolValue': wrapper('bool'),
  'google.protobuf.StringValue': wrapper('string'),
  'google.protobuf.BytesValue': wrapper('bytes'),
};
