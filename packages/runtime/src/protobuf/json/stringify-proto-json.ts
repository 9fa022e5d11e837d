import type { JsonValue } from '../well-known.js';

/**
 * @internal JSON text of a ProtoJSON value, as `JSON.stringify(value, null, indent)` writes it
 * except that -0 is written `-0` (JSON.stringify writes `0`, losing the sign that a double
 * field holding -0.0 carries on the wire and in protoc's JSON).
 */
export function stringifyProtoJson(value: JsonValue, indent = 0): string {
  const pad = ' '.repeat(indent);
  const write = (v: JsonValue, inner: string): string => {
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : JSON.stringify(v);
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const next = inner + pad;
    const [open, close, items] = Array.isArray(v)
      ? ['[', ']', v.map((e) => write(e, next))]
      : ['{', '}', Object.keys(v).map((k) => `${JSON.stringify(k)}:${pad ? ' ' : ''}${write(v[k]!, next)}`)];
    if (items.length === 0) return open + close;
    return pad ? `${open}\n${next}${items.join(`,\n${next}`)}\n${inner}${close}` : `${open}${items.join(',')}${close}`;
  };
  return write(value, '');
}
