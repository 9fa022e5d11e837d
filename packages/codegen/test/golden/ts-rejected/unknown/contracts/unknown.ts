export interface Req {
  payload: unknown;
}
export interface UnknownService {
  call(request: Req): Promise<Req>;
}
