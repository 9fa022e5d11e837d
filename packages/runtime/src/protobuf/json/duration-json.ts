import { DecodeError } from '../../codec.js';
import { jsonMismatch, jsonMismatchValue } from '../../json/json-mismatch.js';
import type { Duration } from '../well-known.js';

/** protobuf's range of a Duration: about 10,000 years either way. */
const MAX_SECONDS = 315_576_000_000n;
const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/** @internal google.protobuf.Duration in ProtoJSON: seconds with 0, 3, 6 or 9 fractional digits and `s` (`"-1.500s"`). */
export function durationToJson(value: unknown): string {
  const d = value as Duration;
  if (typeof d !== 'object' || d === null || typeof d.seconds !== 'bigint' || !Number.isInteger(d.nanos)) {
    throw jsonMismatch('a Duration { seconds: bigint, nanos: number }', value);
  }
  if (d.seconds > MAX_SECONDS || d.seconds < -MAX_SECONDS) throw new DecodeError('', `Duration seconds ${d.seconds} are outside ±${MAX_SECONDS}`);
  if (d.nanos <= -1e9 || d.nanos >= 1e9 || (d.seconds > 0n && d.nanos < 0) || (d.seconds < 0n && d.nanos > 0)) {
    throw new DecodeError('', `Duration nanos ${d.nanos} must be within ±999999999 and of the sign of seconds (${d.seconds})`);
  }
  const negative = d.seconds < 0n || d.nanos < 0;
  const seconds = d.seconds < 0n ? -d.seconds : d.seconds;
  return `${negative ? '-' : ''}${seconds}${fraction(Math.abs(d.nanos))}s`;
}

/** @internal `"1.5s"`, `"-0.000000001s"` as a Duration (nanos carry the sign of seconds). */
export function durationFromJson(json: unknown): Duration {
  const m = typeof json === 'string' ? DURATION.exec(json) : null;
  if (!m) throw jsonMismatchValue('a duration in seconds, for example "1.5s"', json);
  const sign = m[1] ? -1 : 1;
  const seconds = BigInt(m[2]!);
  if (seconds > MAX_SECONDS) throw new DecodeError('', `duration ${json} is outside ±${MAX_SECONDS}s`);
  const nanos = Number((m[3] ?? '').padEnd(9, '0'));
  return { seconds: sign < 0 ? -seconds : seconds, nanos: sign < 0 && nanos !== 0 ? -nanos : nanos };
}

/** ProtoJSON's fraction: none, or 3, 6 or 9 digits. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos).padStart(9, '0');
  return `.${nanos % 1_000_000 === 0 ? digits.slice(0, 3) : nanos % 1000 === 0 ? digits.slice(0, 6) : digits}`;
}
