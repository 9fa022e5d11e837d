/**
 * @internal The instants a Timestamp (and a `Date` in a JSON body) may hold: protobuf's range,
 * 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, so every date is a four-digit year
 * that every protobuf implementation and RFC 3339 parser accepts.
 */

/** 0001-01-01T00:00:00Z in seconds since the epoch. */
export const MIN_TIMESTAMP_SECONDS = -62_135_596_800;
/** 9999-12-31T23:59:59Z in seconds since the epoch. */
export const MAX_TIMESTAMP_SECONDS = 253_402_300_799;

/** The first and last millisecond a `Date` may hold to be encoded. */
export const MIN_DATE_MS = MIN_TIMESTAMP_SECONDS * 1000;
export const MAX_DATE_MS = MAX_TIMESTAMP_SECONDS * 1000 + 999;

/** The range, for error messages. */
export const DATE_RANGE_TEXT = '0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';

/** True for a valid Date inside the range. */
export function dateInRange(value: Date): boolean {
  const ms = value.getTime();
  return ms >= MIN_DATE_MS && ms <= MAX_DATE_MS; // false for NaN (Invalid Date)
}
