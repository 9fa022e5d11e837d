export interface Req {
  id: string;
}
/** @queue has spaces */
export interface BadQueueService {
  call(request: Req): Promise<Req>;
}
export interface JsdocTagsService {
  /** @timeoutMs soon */
  call(request: Req): Promise<Req>;
  /** @idempotent yes */
  other(request: Req): Promise<Req>;
}
