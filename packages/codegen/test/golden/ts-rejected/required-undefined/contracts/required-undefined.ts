export interface Req {
  note: string | undefined;
}
export interface RequiredUndefinedService {
  call(request: Req): Promise<Req>;
}
