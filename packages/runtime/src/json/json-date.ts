import { DecodeError } from '../codec.js';
import { DATE_RANGE_TEXT, dateInRange, MAX_DATE_MS, MIN_DATE_MS } from '../protobuf/timestamp-range.js';
import { jsonMismatch, jsonMismatchValue } from './json-mismatch.js';

/** RFC 3339 date-time with a zone; a four-digit year (the range is protobuf's, 0001 to 9999). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

/**
 * Date from JSON: an RFC 3339 timestamp with a zone (`2024-05-01T12:00:00.000Z`).
 * Every part is checked, not normalised: `2024-02-30` is an error, not March 1st. Digits
 * past milliseconds are dropped (a Date holds milliseconds).
 */
export function dateFromJson(value: unknown): Date {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (m === null) {
    throw typeof value === 'string'
      ? jsonMismatchValue('an RFC 3339 date-time string like "2024-05-01T12:00:00.000Z"', value)
      : jsonMismatch('Date as an RFC 3339 string', value);
  }
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hours = +m[4]!;
  const minutes = +m[5]!;
  const seconds = +m[6]!;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    throw jsonMismatchValue('a date that exists in the calendar', value);
  }
  if (hours > 23 || minutes > 59 || seconds > 59 || (m[8] !== undefined && (+m[9]! > 23 || +m[10]! > 59))) {
    throw jsonMismatchValue('a time of day from 00:00:00 to 23:59:59 and an offset up to ±23:59', value);
  }
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  const ms = m[7] === undefined ? 0 : +(m[7] + '00').slice(0, 3);
  let time = date.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
  if (m[8] !== undefined) time -= (m[8] === '-' ? -1 : 1) * (+m[9]! * 60 + +m[10]!) * 60_000;
  if (time < MIN_DATE_MS || time > MAX_DATE_MS) throw jsonMismatchValue(`a date-time from ${DATE_RANGE_TEXT}`, value);
  return new Date(time);
}

/** Date to JSON: `toISOString()` (UTC, milliseconds), for a valid Date in protobuf's range. */
export function dateToJson(value: unknown): string {
  if (value instanceof Date && dateInRange(value)) return value.toISOString();
  if (!(value instanceof Date)) throw jsonMismatch('Date', value);
  throw Number.isNaN(value.getTime())
    ? new DecodeError('', 'expected a valid Date, got Invalid Date')
    : new DecodeError('', `expected a Date from ${DATE_RANGE_TEXT}, got ${value.toISOString()}`);
}
