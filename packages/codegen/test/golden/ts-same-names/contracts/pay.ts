// The contract imports the second Money under an alias of its own; the generated module
// imports both under aliases made from their fully qualified names.
import type { Money } from './a/money.js';
import type { Money as BMoney } from './b/money.js';

export interface Pay {
  x: Money;
  y: BMoney;
  ys: BMoney[];
  xs: Money[];
  maybe: Money | null;
}

export interface PaymentsService {
  charge(request: Pay): Promise<Money>;
}
