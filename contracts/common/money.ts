/** An amount of money in minor units (cents), exact at any size. */
export interface Money {
  /** ISO 4217 code, e.g. `EUR`. */
  currency: string;
  /** Minor units; bigint so that totals beyond 2^53 stay exact. */
  units: bigint;
}
