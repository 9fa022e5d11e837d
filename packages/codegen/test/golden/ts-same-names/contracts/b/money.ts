export interface Money {
  cents: number;
}
