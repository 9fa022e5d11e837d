export interface Req {
  id: string | number;
}
export interface MixedUnionService {
  call(request: Req): Promise<Req>;
}
