/** Two modules declare a Money; pay.ts uses both. */
export interface Money {
  units: bigint;
}
