export interface Page<T> {
  items: T[];
}
export interface Req {
  page: Page<string>;
}
export interface GenericService {
  call(request: Req): Promise<Req>;
}
