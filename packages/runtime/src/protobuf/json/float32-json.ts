/**
 * @internal A 32-bit float as the decimal protoc's and Python's JSON printers write: 6
 * significant digits, more (up to 9) only when 6 do not read back as the same float. So a
 * `float` field holding 0.1f (0.10000000149011612 as a double) is written `0.1`, and the
 * smallest denormal `1.4013e-45`. Not for NaN or infinities.
 */
export function float32Json(value: number): number {
  const f = Math.fround(value);
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let digits = 6; digits < 9; digits++) {
    const printed = Number(f.toPrecision(digits));
    if (Math.fround(printed) === f) return printed;
  }
  return Number(f.toPrecision(9));
}
