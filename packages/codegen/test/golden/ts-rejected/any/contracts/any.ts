export interface Req {
  payload: any;
}
export interface AnyService {
  call(request: Req): Promise<Req>;
}
