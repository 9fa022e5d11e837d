export interface Req {
  id: string;
  describe(): string;
}
export interface MethodService {
  call(request: Req): Promise<Req>;
}
