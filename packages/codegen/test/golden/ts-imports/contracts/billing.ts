import { Currency, type Amounts, type Money } from './shared/money.js';
import * as shared from './shared/money.js';

export interface Invoice {
  total: Money;
  currency: Currency;
  lines: Amounts;
  refund: shared.Money | null;
}

export interface BillingService {
  invoice(request: Invoice): Promise<Money>;
}
