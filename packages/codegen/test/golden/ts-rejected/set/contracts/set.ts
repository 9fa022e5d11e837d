export interface Req {
  tags: Set<string>;
}
export interface SetService {
  call(request: Req): Promise<Req>;
}
