export interface Req {
  id: string;
}
export interface MethodShapeService {
  twoParams(a: Req, b: Req): Promise<Req>;
  notAsync(request: Req): Req;
  primitive(request: string): Promise<Req>;
}
