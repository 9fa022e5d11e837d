export interface Req {
  id: string;
  price: = 3;
}
export interface BrokenService {
  get(request: Req): Promise<Req>;
}
