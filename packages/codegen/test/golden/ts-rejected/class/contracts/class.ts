export class Point {
  x = 0;
  y = 0;
}
export interface Req {
  at: Point;
}
export interface ClassService {
  call(request: Req): Promise<Req>;
}
