/**
 * @internal The shortest decimal that reads back as the same 32-bit float: a `float` field
 * holding 0.1f (0.10000000149011612 as a double) is written `0.1`, as protoc's and Python's
 * JSON printers write it. Not for NaN or infinities.
 */
export function float32Json(value: number): number {
  const f = Math.fround(value);
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let digits = 1; digits < 9; digits++) {
    const shortest = Number(f.toPrecision(digits));
    if (Math.fround(shortest) === f) return shortest;
  }
  return Number(f.toPrecision(9));
}
