export interface Req {
  onDone: (result: string) => void;
}
export interface FunctionService {
  call(request: Req): Promise<Req>;
}
