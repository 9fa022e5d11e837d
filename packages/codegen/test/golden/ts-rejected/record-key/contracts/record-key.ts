export interface Req {
  byId: Record<number, string>;
}
export interface RecordKeyService {
  call(request: Req): Promise<Req>;
}
