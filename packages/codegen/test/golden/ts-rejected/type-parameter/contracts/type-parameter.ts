export interface Box<T> {
  value: T;
}
export interface Req extends Box<string> {
  id: string;
}
export interface TypeParameterService {
  call(request: Req): Promise<Req>;
}
