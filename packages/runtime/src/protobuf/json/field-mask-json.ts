import { DecodeError } from '../../codec.js';
import { jsonMismatch, jsonMismatchValue } from '../../json/json-mismatch.js';

/**
 * @internal google.protobuf.FieldMask (its paths, `['display_name', 'price.units']`) in
 * ProtoJSON: lowerCamel paths joined by commas, `"displayName,price.units"`. A path that
 * cannot round-trip (upper case, `__`, a trailing `_`) is an error, as in protoc.
 */
export function fieldMaskToJson(value: unknown): string {
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) throw jsonMismatch('the paths of a FieldMask (string[])', value);
  return value.map(snakeToCamel).join(',');
}

/** @internal `"displayName,price.units"` as the paths `['display_name', 'price.units']`. */
export function fieldMaskFromJson(json: unknown): string[] {
  if (typeof json !== 'string') throw jsonMismatchValue('a FieldMask as comma-separated paths, for example "displayName,price.units"', json);
  if (json === '') return [];
  return json.split(',').map((path) => {
    if (path.includes('_')) throw new DecodeError('', `FieldMask path ${JSON.stringify(path)} must be lowerCamel, without "_" (for example "displayName")`);
    return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  });
}

/** `price.unit_price` -> `price.unitPrice`, refusing what protoc refuses. */
function snakeToCamel(path: string): string {
  let out = '';
  let afterUnderscore = false;
  for (const c of path) {
    const lower = c >= 'a' && c <= 'z';
    if (c === '_') {
      if (afterUnderscore) throw unprintable(path);
      afterUnderscore = true;
    } else if (afterUnderscore) {
      if (!lower) throw unprintable(path);
      out += c.toUpperCase();
      afterUnderscore = false;
    } else if (c >= 'A' && c <= 'Z') throw unprintable(path);
    else out += c;
  }
  if (afterUnderscore) throw unprintable(path);
  return out;
}

function unprintable(path: string): DecodeError {
  return new DecodeError('', `FieldMask path ${JSON.stringify(path)} has no JSON form: paths are lower_snake_case, each "_" followed by a lower-case letter (for example "price.unit_price")`);
}
