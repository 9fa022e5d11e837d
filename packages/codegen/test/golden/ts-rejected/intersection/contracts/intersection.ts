export interface Named {
  name: string;
}
export type UserId = string & { readonly brand: 'UserId' };
export interface Req {
  id: UserId;
}
export interface IntersectionService {
  call(request: Req): Promise<Req>;
}
