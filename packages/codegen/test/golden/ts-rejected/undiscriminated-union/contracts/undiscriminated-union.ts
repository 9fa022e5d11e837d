export interface Cat {
  meows: boolean;
}
export interface Dog {
  barks: boolean;
}
export interface Req {
  pet: Cat | Dog;
}
export interface UndiscriminatedUnionService {
  call(request: Req): Promise<Req>;
}
