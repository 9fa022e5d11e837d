export interface Req {
  point: [number, number];
}
export interface TupleService {
  call(request: Req): Promise<Req>;
}
