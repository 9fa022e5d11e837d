export interface Money {
  currency: string;
  units: bigint;
}

export enum Currency {
  EUR = 'EUR',
  USD = 'USD',
}

export type Amounts = Record<string, Money>;
