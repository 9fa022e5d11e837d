import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '../src/codec.js';
import { dateFromJson, dateToJson } from '../src/json/json-date.js';
import { ProtoReader } from '../src/protobuf/proto-reader.js';
import { ProtoWriter } from '../src/protobuf/proto-writer.js';
import { TimestampFns } from '../src/protobuf/well-known.js';

// Dates are checked, not normalised, and stay in protobuf's range, 0001-01-01 to 9999-12-31
// (issue 14, item 5).

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DecodeError, String(err));
    return err.problem;
  }
  return assert.fail('expected a DecodeError');
}

function timestampBytes(seconds: bigint, nanos: number): Uint8Array {
  return new ProtoWriter().uint32(8).int64(seconds).uint32(16).int32(nanos).finish();
}
const readTimestamp = (bytes: Uint8Array) => TimestampFns.decode(new ProtoReader(bytes), bytes.length);
const writeTimestamp = (date: Date) => {
  const w = new ProtoWriter();
  TimestampFns.encode(date, w);
  return w.finish();
};

describe('Date in JSON', () => {
  it('rejects days that do not exist instead of rolling them over', () => {
    for (const day of ['2024-02-30', '2023-02-29', '2024-04-31', '2100-02-29', '2024-13-01', '2024-00-10', '2024-01-00']) {
      assert.match(problem(() => dateFromJson(`${day}T00:00:00Z`)), /^expected a date that exists in the calendar, got "/, day);
    }
    assert.equal(dateFromJson('2024-02-29T00:00:00Z').toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(dateFromJson('2000-02-29T00:00:00Z').toISOString(), '2000-02-29T00:00:00.000Z');
  });

  it('rejects times and offsets out of range, and anything that is not RFC 3339', () => {
    for (const t of ['2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00:00+24:00', '2024-01-01T00:00:00+01:60']) {
      assert.match(problem(() => dateFromJson(t)), /^expected a time of day/, t);
    }
    for (const t of ['2024-01-01', '2024-01-01T00:00:00', '+002024-01-01T00:00:00Z', '2024-01-01T00:00:00.1234567890Z', ' 2024-01-01T00:00:00Z']) {
      assert.match(problem(() => dateFromJson(t)), /^expected an RFC 3339 date-time string/, t);
    }
    assert.equal(problem(() => dateFromJson(5)), 'expected Date as an RFC 3339 string, got number');
  });

  it('applies offsets and keeps milliseconds, dropping finer digits', () => {
    assert.equal(dateFromJson('2024-03-01T00:30:00+01:00').toISOString(), '2024-02-29T23:30:00.000Z');
    assert.equal(dateFromJson('2024-01-01T00:00:00.5-00:30').toISOString(), '2024-01-01T00:30:00.500Z');
    assert.equal(dateFromJson('2024-01-01T00:00:00.123456789Z').toISOString(), '2024-01-01T00:00:00.123Z');
    assert.equal(dateFromJson('0050-06-15T00:00:00Z').toISOString(), '0050-06-15T00:00:00.000Z', 'years below 100 are not 19xx');
  });

  it('accepts exactly protobuf range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, both ways', () => {
    for (const t of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) assert.equal(dateToJson(dateFromJson(t)), t);
    for (const t of ['0000-12-31T23:59:59Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:30:00-01:00']) {
      assert.match(problem(() => dateFromJson(t)), /^expected a date-time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z/, t);
    }
    assert.match(problem(() => dateToJson(new Date(Date.UTC(10_000, 0, 1)))), /^expected a Date from 0001-01-01T00:00:00Z .*, got \+010000-01-01T00:00:00.000Z$/);
    assert.match(problem(() => dateToJson(new Date(-62_135_596_800_001))), /^expected a Date from/);
    assert.equal(problem(() => dateToJson(new Date(NaN))), 'expected a valid Date, got Invalid Date');
  });

  it('round-trips every Date in the range', () => {
    const range = { min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true };
    fc.assert(fc.property(fc.date(range), (d) => assert.equal(dateFromJson(dateToJson(d)).getTime(), d.getTime())), { numRuns: 1000 });
  });
});

describe('google.protobuf.Timestamp', () => {
  it('rejects seconds outside 0001-9999 and nanos outside 0-999,999,999 instead of an Invalid Date', () => {
    assert.equal(problem(() => readTimestamp(timestampBytes(2n ** 62n, 0))), `Timestamp seconds ${2n ** 62n} are outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z`);
    assert.match(problem(() => readTimestamp(timestampBytes(253_402_300_800n, 0))), /^Timestamp seconds 253402300800 are outside/);
    assert.match(problem(() => readTimestamp(timestampBytes(-62_135_596_801n, 0))), /^Timestamp seconds -62135596801 are outside/);
    assert.equal(problem(() => readTimestamp(timestampBytes(0n, -1))), 'Timestamp nanos -1 are outside 0 to 999999999');
    assert.equal(problem(() => readTimestamp(timestampBytes(0n, 1_000_000_000))), 'Timestamp nanos 1000000000 are outside 0 to 999999999');
  });

  it('reads and writes the first and the last instant of the range', () => {
    const first = readTimestamp(timestampBytes(-62_135_596_800n, 0));
    const last = readTimestamp(timestampBytes(253_402_300_799n, 999_999_999));
    assert.equal(first.toISOString(), '0001-01-01T00:00:00.000Z');
    assert.equal(last.toISOString(), '9999-12-31T23:59:59.999Z');
    assert.deepEqual(readTimestamp(writeTimestamp(first)), first);
    assert.deepEqual(readTimestamp(writeTimestamp(last)), last);
  });

  it('refuses to write a Date outside the range or an Invalid Date', () => {
    assert.match(problem(() => writeTimestamp(new Date(Date.UTC(10_000, 0, 1)))), /^expected a Date from 0001-01-01T00:00:00Z/);
    assert.equal(problem(() => writeTimestamp(new Date(NaN))), 'Invalid Date cannot be encoded as a Timestamp');
  });
});
