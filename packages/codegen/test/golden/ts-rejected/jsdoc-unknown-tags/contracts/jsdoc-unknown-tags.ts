export interface Req {
  id: string;
}
/**
 * Misspelled warren tags are errors; documentation tags are carried.
 * @queu orders.v1
 * @timeoutMs 100
 * @see docs/contracts.md
 */
export interface OrdersService {
  /**
   * The natural spelling, without the unit.
   * @timeout 2000
   * @idempotent
   */
  get(request: Req): Promise<Req>;
  /** @timeoutMS 2000 */
  list(request: Req): Promise<Req>;
  /**
   * @idempotant
   * @deprecated use get
   * @param request the request
   * @returns the reply
   */
  find(request: Req): Promise<Req>;
  /**
   * @timeoutMs 100
   * @timeoutMs 200
   * @queue other
   */
  twice(request: Req): Promise<Req>;
  /**
   * Tag errors do not hide the method's other errors.
   * @deadline 5
   */
  wrong(request: Req): string;
}
