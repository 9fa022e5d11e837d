import { DecodeError } from '../../codec.js';
import { jsonMismatch, jsonMismatchValue } from '../../json/json-mismatch.js';
import { DATE_RANGE_TEXT, dateInRange } from '../timestamp-range.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * @internal google.protobuf.Timestamp (a `Date`) in ProtoJSON: RFC 3339 in UTC with `Z`, and
 * 0, 3 fractional digits (a Date holds milliseconds): `"2024-05-01T12:00:00.250Z"`.
 */
export function timestampToJson(value: unknown): string {
  if (!(value instanceof Date)) throw jsonMismatch('a Date (google.protobuf.Timestamp)', value);
  if (!dateInRange(value)) throw new DecodeError('', `expected a Date from ${DATE_RANGE_TEXT}, got ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`);
  return value.toISOString().replace('.000Z', 'Z');
}

/**
 * @internal An RFC 3339 timestamp (`Z` or an offset such as `+02:00`, up to 9 fractional digits)
 * as a `Date`; digits below the millisecond are dropped, as a Date cannot hold them.
 */
export function timestampFromJson(json: unknown): Date {
  const m = typeof json === 'string' ? RFC3339.exec(json) : null;
  if (!m) throw jsonMismatchValue('an RFC 3339 timestamp, for example "2024-05-01T12:00:00Z"', json);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0-99 to 1900-1999
  date.setUTCHours(hour, minute, second, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)));
  const fieldsFit = date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  if (!fieldsFit || Math.abs(offsetMinutes) >= 24 * 60) throw jsonMismatchValue('a valid RFC 3339 timestamp, for example "2024-05-01T12:00:00Z"', json);
  const result = new Date(date.getTime() - offsetMinutes * 60_000);
  if (!dateInRange(result)) throw new DecodeError('', `expected a timestamp from ${DATE_RANGE_TEXT}, got ${JSON.stringify(json)}`);
  return result;
}
