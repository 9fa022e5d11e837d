// Server streaming beside a unary method: a method returning `AsyncIterable<T>`.

export interface QuoteRequest {
  symbol: string;
}

export interface Tick {
  symbol: string;
  price: number;
  seq: number;
}

/**
 * Quotes prices.
 * @package golden.streaming
 */
export interface TickerService {
  /** The last price of a symbol. */
  quote(request: QuoteRequest): Promise<Tick>;

  /**
   * Every price change of a symbol, as it happens, until the caller stops.
   * @timeoutMs 60000
   */
  watch(request: QuoteRequest): AsyncIterable<Tick>;
}
