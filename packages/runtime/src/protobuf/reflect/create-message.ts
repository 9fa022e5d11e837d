import { fieldsOf, isScalar } from './field-info.js';
import type { MessageDesc, ScalarType } from './message-desc.js';

/**
 * @internal A new message of `desc`: every field that is always present at its proto3 default
 * (`''`, `0`, `0n`, `false`, empty bytes, `[]`, `{}`, enum 0); messages, proto3 `optional`
 * fields and oneofs absent (undefined), as their TypeScript types say. Then the fields `init`
 * sets, lists and maps copied (so the new message does not share them).
 */
export function createMessage(desc: MessageDesc, init?: object): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const f of fieldsOf(desc)) {
    if (f.oneof !== undefined) {
      known.add(f.oneof);
      continue;
    }
    known.add(f.localName);
    if (f.optional) continue;
    if (f.shape === 'list') m[f.localName] = [];
    else if (f.shape === 'map') m[f.localName] = {};
    else if (isScalar(f.value)) m[f.localName] = scalarZero(f.value);
    else if ('enum' in f.value) m[f.localName] = 0;
  }
  if (init === undefined) return m;
  for (const key of Object.keys(init)) {
    const value = (init as Record<string, unknown>)[key];
    if (!known.has(key) || value === undefined) continue;
    if (Array.isArray(value)) m[key] = value.slice();
    else if (typeof value === 'object' && value !== null && isMap(desc, key)) m[key] = copyMap(value);
    else m[key] = value;
  }
  return m;
}

function isMap(desc: MessageDesc, key: string): boolean {
  return fieldsOf(desc).some((f) => f.localName === key && f.shape === 'map');
}

function copyMap(map: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(map)) {
    const value = (map as Record<string, unknown>)[key];
    if (key !== '__proto__') out[key] = value;
    else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The proto3 default of a scalar. */
export function scalarZero(type: ScalarType): unknown {
  switch (type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return 0n;
    default:
      return 0;
  }
}
