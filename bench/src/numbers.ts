/** Bytes in a MiB. */
export const MiB = 1048576;

/** Bytes as MiB with one decimal, for reports. */
export const mib = (bytes: number): string => (bytes / MiB).toFixed(1);

/**
 * The middle of `xs` (for an even count, the upper of the two middle values: always a value
 * that was measured); NaN when empty.
 */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
