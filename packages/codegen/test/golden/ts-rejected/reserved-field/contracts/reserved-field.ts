export interface Req {
  constructor: string;
}
export interface ReservedFieldService {
  call(request: Req): Promise<Req>;
}
