export interface Req {
  counts: Map<string, number>;
}
export interface MapService {
  call(request: Req): Promise<Req>;
}
